using System.Net;
using System.Text.Json;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class LoginTests(ShopServices shop)
{
    private readonly HttpClient _users = shop.Users.CreateClient();

    [Fact]
    public async Task Login_answers_a_bearer_token_that_expires_after_the_default_60_minutes()
    {
        var email = ShopClient.NewEmail();
        await _users.SignupAsync(email);

        var before = DateTimeOffset.UtcNow;
        var response = await _users.LoginAsync(email.ToUpperInvariant());
        var after = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", body.GetProperty("token").GetString());
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddMinutes(60).AddSeconds(-1), after.AddMinutes(60).AddSeconds(1));
    }

    [Fact]
    public async Task Every_login_answer_forbids_caching_because_it_may_carry_a_token()
    {
        var email = ShopClient.NewEmail();
        await _users.SignupAsync(email);

        foreach (var response in new[] { await _users.LoginAsync(email), await _users.LoginAsync(email, "not the right password") })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{(int)response.StatusCode} without Cache-Control: no-store");
            Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        }
    }

    [Fact]
    public async Task Each_login_gets_its_own_token()
    {
        var email = ShopClient.NewEmail();
        await _users.SignupAsync(email);
        var first = (await (await _users.LoginAsync(email)).ReadJsonAsync()).GetProperty("token").GetString();
        var second = (await (await _users.LoginAsync(email)).ReadJsonAsync()).GetProperty("token").GetString();
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_401()
    {
        var email = ShopClient.NewEmail();
        await _users.SignupAsync(email);

        var wrongPassword = await _users.LoginAsync(email, "not the right password");
        var unknownEmail = await _users.LoginAsync(ShopClient.NewEmail());

        var a = await ProblemAssert.Is(wrongPassword, HttpStatusCode.Unauthorized);
        var b = await ProblemAssert.Is(unknownEmail, HttpStatusCode.Unauthorized);
        Assert.Equal(WithoutPerRequestMembers(a), WithoutPerRequestMembers(b));
        Assert.Equal(wrongPassword.Headers.Select(h => h.Key).Except(["X-Request-Id", "Date"]).Order(),
            unknownEmail.Headers.Select(h => h.Key).Except(["X-Request-Id", "Date"]).Order());
    }

    [Theory]
    [InlineData("email")]
    [InlineData("password")]
    public async Task Login_without_a_field_is_a_400_naming_it(string missing)
    {
        var body = new Dictionary<string, string> { ["email"] = ShopClient.NewEmail(), ["password"] = ShopClient.Password };
        body.Remove(missing);
        var response = await _users.PostAsync("/api/v1/login", JsonContent(body), TestContext.Current.CancellationToken);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, missing);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    // traceId and instance differ per request by design; everything else must be identical.
    private static string WithoutPerRequestMembers(JsonElement problem) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name is not ("traceId" or "instance"))
            .ToDictionary(p => p.Name, p => p.Value.ToString()));
}
