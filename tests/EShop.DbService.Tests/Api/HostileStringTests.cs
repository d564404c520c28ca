using System.Net;
using System.Net.Http.Json;
using System.Text;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>Text is data, never SQL: it is stored and read back byte for byte, or refused with a 400.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class HostileStringTests(DbServiceFixture db)
{
    public static TheoryData<string> HostileNames => new()
    {
        "Robert'); DROP TABLE users;--",
        "\" OR 1=1 --",
        "$1 $$ quoted $$ \\x00 %s %n {0}",
        "Zoë Ünïcödé 李小龍 مرحبا עברית",
        "👩🏽‍💻🇩🇪 family: 👨‍👩‍👧‍👦",
        "e\u0301\u0301 combining, \u202Eright-to-left override, zero\u200Bwidth",
        "line\nbreak\ttab\r\nend",
        "%_\\ like wildcards",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task A_hostile_user_name_is_stored_and_read_back_byte_exact(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = (await db.Client.CreateUserAsync(TestData.User(name: name), ct)).Required;
        var read = (await db.Client.GetUserAsync(created.Id, ct)).Required;

        Assert.Equal(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(read.Name!));
        Assert.True((await db.Client.GetUserAsync(created.Id, ct)).IsSuccess, "the users table must still be there");
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task A_hostile_product_text_is_stored_and_read_back_byte_exact(string text)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = (await db.Client.CreateProductAsync(TestData.Product(name: text, description: text + text), ct)).Required;
        var read = (await db.Client.GetProductAsync(created.Id, ct)).Required;

        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(read.Name));
        Assert.Equal(Encoding.UTF8.GetBytes(text + text), Encoding.UTF8.GetBytes(read.Description));
    }

    [Fact]
    public async Task A_hostile_email_is_only_ever_compared_as_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = $"o'brien+{Guid.NewGuid():N}@example.test' OR '1'='1";
        var created = (await db.Client.CreateUserAsync(TestData.User(email), ct)).Required;

        Assert.Equal(created.Id, (await db.UserServiceClient.GetUserByEmailAsync(email, ct)).Required.Id);
        Assert.Equal(DbServiceClient.DbOutcome.NotFound, (await db.UserServiceClient.GetUserByEmailAsync("x' OR '1'='1", ct)).Outcome);
    }

    [Fact]
    public async Task A_10_KB_name_is_refused_with_a_400_naming_name()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await db.Http.PostAsJsonAsync("api/v1/user", TestData.User(name: new string('é', 10 * 1024)), cancellationToken: ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task A_10_KB_product_description_is_refused_with_a_400_naming_description()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await db.Http.PostAsJsonAsync(
            "api/v1/product", TestData.Product(description: new string('d', 10 * 1024)), cancellationToken: ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "description");
    }

    [Fact]
    public async Task Text_the_database_cannot_hold_is_a_400_not_a_500()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await db.Http.PostAsJsonAsync("api/v1/user", TestData.User(name: "nul\u0000byte"), cancellationToken: ct);
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_lone_surrogate_is_a_400_naming_the_field()
    {
        var ct = TestContext.Current.CancellationToken;
        var json = """{"email": "s@b.test", "name": "\ud800", "passwordHash": "h"}""";
        var response = await db.Http.PostAsync("api/v1/user", new StringContent(json, Encoding.UTF8, "application/json"), ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "$.name");
    }
}
