using System.Net;
using EShop.DbService;
using EShop.DbServiceClient.Authentication;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class LogoutAndExpiryTests(ShopServices shop)
{
    private readonly HttpClient _users = shop.Users.CreateClient();
    private readonly HttpClient _products = shop.Products.CreateClient();

    [Fact]
    public async Task After_logout_the_token_is_refused_by_user_service_and_product_service()
    {
        var (_, token) = await _users.NewSessionAsync();
        Assert.Equal(HttpStatusCode.OK, (await _products.GetProductsAsync("?limit=1", token)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _users.LogoutAsync(token)).StatusCode);

        await AssertRefusedAsync(await _users.LogoutAsync(token));
        await AssertRefusedAsync(await _products.GetProductsAsync("?limit=1", token));
        Assert.Equal(HttpStatusCode.OK, (await _products.GetProductsAsync("?limit=1")).StatusCode);
    }

    [Fact]
    public async Task Logout_without_a_token_is_a_401_asking_for_a_bearer_token()
    {
        var response = await _users.LogoutAsync(null);
        await ProblemAssert.Is(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    public async Task Logout_with_an_invalid_token_is_a_401(string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/logout");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        await AssertRefusedAsync(await _users.SendAsync(request, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_token_lives_for_the_configured_lifetime_and_is_refused_once_expired()
    {
        using var users = shop.StartUserService(("Tokens:LifetimeMinutes", "1")).CreateClient();
        var email = ShopClient.NewEmail();
        await users.SignupAsync(email);
        var before = DateTimeOffset.UtcNow;
        var login = await (await users.LoginAsync(email)).ReadJsonAsync();
        var after = DateTimeOffset.UtcNow;
        var token = login.GetProperty("token").GetString()!;
        Assert.InRange(login.GetProperty("expiresAt").GetDateTimeOffset(), before.AddMinutes(1).AddSeconds(-1), after.AddMinutes(1).AddSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _products.GetProductsAsync("?limit=1", token)).StatusCode);

        // Let the minute pass without waiting: move the session's expiry into the past.
        await using var expire = shop.Sql.CreateCommand("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1");
        expire.Parameters.AddWithValue(BearerTokens.Hash(token));
        Assert.Equal(1, await expire.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));

        await AssertRefusedAsync(await _products.GetProductsAsync("?limit=1", token));
        await AssertRefusedAsync(await users.LogoutAsync(token));
    }

    [Fact]
    public async Task A_token_unused_for_the_idle_timeout_is_refused_while_one_in_use_lives_on()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var db = new KestrelServiceFactory<DbServiceEntryPoint>(
            new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = shop.ConnectionString, ["Sessions:IdleTimeoutMinutes"] = "30" },
            services => services.AddSingleton<TimeProvider>(clock));
        var clockedDb = ("Services:DbService", (string?)db.BaseAddress.ToString());
        using var users = shop.StartUserService(clockedDb, ("Tokens:LifetimeMinutes", "600")).CreateClient();
        using var products = shop.StartProductService(clockedDb).CreateClient();
        var (email, used) = await users.NewSessionAsync();
        var idle = (await (await users.LoginAsync(email)).ReadJsonAsync()).GetProperty("token").GetString()!;

        for (var i = 0; i < 3; i++) // 87 minutes, used every 29
        {
            clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(HttpStatusCode.OK, (await products.GetProductsAsync("?limit=1", used)).StatusCode);
        }
        await AssertRefusedAsync(await products.GetProductsAsync("?limit=1", idle));
        await AssertRefusedAsync(await users.LogoutAsync(idle));

        clock.Advance(TimeSpan.FromMinutes(30));
        await AssertRefusedAsync(await products.GetProductsAsync("?limit=1", used));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        await ProblemAssert.Is(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }
}
