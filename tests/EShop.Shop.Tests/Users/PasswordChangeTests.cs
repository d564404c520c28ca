using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class PasswordChangeTests(ShopServices shop)
{
    private const string NewPassword = "a brand new passphrase 42";
    private readonly HttpClient _users = shop.Users.CreateClient();
    private readonly HttpClient _products = shop.Products.CreateClient();

    [Fact]
    public async Task A_password_change_keeps_the_asking_session_and_revokes_every_other_one()
    {
        var (email, current) = await _users.NewSessionAsync();
        var other = await TokenAsync(email, ShopClient.Password);
        var third = await TokenAsync(email, ShopClient.Password);

        var response = await ChangeAsync(current, ShopClient.Password, NewPassword);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _products.GetProductsAsync("?limit=1", current)).StatusCode);
        await ProblemAssert.Is(await _products.GetProductsAsync("?limit=1", other), HttpStatusCode.Unauthorized);
        await ProblemAssert.Is(await _products.GetProductsAsync("?limit=1", third), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _users.LoginAsync(email, ShopClient.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _users.LoginAsync(email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_is_a_403_naming_currentPassword_and_changes_nothing()
    {
        var (email, token) = await _users.NewSessionAsync();
        var other = await TokenAsync(email, ShopClient.Password);

        var response = await ChangeAsync(token, "not the current password", NewPassword);

        await ProblemAssert.NamesField(response, HttpStatusCode.Forbidden, "currentPassword");
        Assert.Equal(HttpStatusCode.OK, (await _products.GetProductsAsync("?limit=1", other)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _users.LoginAsync(email, ShopClient.Password)).StatusCode);
    }

    [Fact]
    public async Task Wrong_current_passwords_are_throttled_like_logins()
    {
        using var users = shop.StartUserService(("LoginLimits:DelayAfterFailures", "2"), ("LoginLimits:DelayBaseSeconds", "600")).CreateClient();
        var (_, token) = await users.NewSessionAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await ChangeAsync(token, "wrong password 1", NewPassword, users)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ChangeAsync(token, "wrong password 2", NewPassword, users)).StatusCode);

        var throttled = await ChangeAsync(token, ShopClient.Password, NewPassword, users);

        await ProblemAssert.Is(throttled, HttpStatusCode.TooManyRequests);
        Assert.InRange(ProblemAssert.RetryAfterSeconds(throttled), 590, 600);
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("short")]
    [InlineData(ShopClient.Password)]
    [InlineData(null)]
    public async Task A_common_short_unchanged_or_missing_new_password_is_a_400_naming_newPassword(string? newPassword)
    {
        var (_, token) = await _users.NewSessionAsync();
        await ProblemAssert.NamesField(
            await ChangeAsync(token, ShopClient.Password, newPassword), HttpStatusCode.BadRequest, "newPassword");
    }

    [Fact]
    public async Task A_missing_current_password_is_a_400_naming_it()
    {
        var (_, token) = await _users.NewSessionAsync();
        await ProblemAssert.NamesField(await ChangeAsync(token, null, NewPassword), HttpStatusCode.BadRequest, "currentPassword");
    }

    [Fact]
    public async Task Without_a_valid_bearer_token_a_password_change_is_a_401()
    {
        await ProblemAssert.Is(await ChangeAsync(null, ShopClient.Password, NewPassword), HttpStatusCode.Unauthorized);
        var (_, token) = await _users.NewSessionAsync();
        await _users.LogoutAsync(token);
        await ProblemAssert.Is(await ChangeAsync(token, ShopClient.Password, NewPassword), HttpStatusCode.Unauthorized);
    }

    private Task<HttpResponseMessage> ChangeAsync(string? token, string? currentPassword, string? newPassword, HttpClient? users = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/password") { Content = JsonContent.Create(new { currentPassword, newPassword }) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (users ?? _users).SendAsync(request);
    }

    private async Task<string> TokenAsync(string email, string password)
    {
        var login = await _users.LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.ReadJsonAsync()).GetProperty("token").GetString()!;
    }
}
