using System.Net;
using System.Net.Http.Json;
using System.Text;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Hostile;

/// <summary>Inputs the reliability suite's hostile corpus turned into 500s once: now 4xx problems.</summary>
[Collection(ShopServicesCollection.Name)]
public sealed class HostileBodyTests(ShopServices shop)
{
    [Theory]
    [InlineData("/api/v1/signup", "utf-7")]
    [InlineData("/api/v1/login", "utf-7")]
    [InlineData("/api/v1/login", "no-such-charset")]
    [InlineData("/api/v1/signup", "utf-16")]
    public async Task A_body_declared_in_another_charset_than_UTF8_is_415(string path, string charset)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"email":"a@example.com","password":"correct horse battery"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        var response = await shop.Users.CreateClient().PostAsync(path, content, TestContext.Current.CancellationToken);

        await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_explicit_UTF8_charset_is_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent("""{"email":"nobody@example.com","password":"correct horse battery"}""", Encoding.UTF8, "application/json");
        Assert.Equal("utf-8", content.Headers.ContentType?.CharSet);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.Users.CreateClient().PostAsync("/api/v1/login", content, ct)).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/login", "email", "a\u0000@example.com")]
    [InlineData("/api/v1/login", "password", "correct horse\u0000battery")]
    [InlineData("/api/v1/signup", "email", "b\u0000@example.com")]
    [InlineData("/api/v1/signup", "name", "Ann\u0000")]
    public async Task A_NUL_character_in_a_string_is_a_400_naming_the_field(string path, string field, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new Dictionary<string, string> { ["email"] = "c@example.com", ["password"] = "correct horse battery", [field] = value };

        var response = await shop.Users.CreateClient().PostAsJsonAsync(path, body, cancellationToken: ct);

        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, $"$.{field}");
    }

    [Fact]
    public async Task A_NUL_character_in_the_product_filter_is_not_a_server_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await shop.Products.CreateClient().GetAsync("/api/v1/products?q=a%00b", ct);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    [Theory]
    [InlineData(201)]
    [InlineData(6000)]
    public async Task An_overlong_product_filter_is_a_400_naming_q(int length)
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await shop.Products.CreateClient().GetAsync("/api/v1/products?q=" + new string('q', length), ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "q");
    }
}
