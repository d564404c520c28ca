using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace EShop.Shop.Tests.Support;

/// <summary>The public calls of user and product services, as a client makes them.</summary>
public static class ShopClient
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.test";

    public static Task<HttpResponseMessage> SignupAsync(this HttpClient users, string email, string? password = Password, string? name = null) =>
        users.PostAsJsonAsync("/api/v1/signup", new { email, password, name });

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient users, string email, string password = Password) =>
        users.PostAsJsonAsync("/api/v1/login", new { email, password });

    /// <summary>Signs a new account up and logs it in; returns its email and bearer token.</summary>
    public static async Task<(string Email, string Token)> NewSessionAsync(this HttpClient users)
    {
        var email = NewEmail();
        Assert.Equal(System.Net.HttpStatusCode.Created, (await users.SignupAsync(email)).StatusCode);
        var login = await users.LoginAsync(email);
        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
        var body = await login.Content.ReadFromJsonAsync<JsonElement>();
        return (email, body.GetProperty("token").GetString()!);
    }

    public static Task<HttpResponseMessage> LogoutAsync(this HttpClient users, string? token) =>
        users.SendAsync(WithBearer(new HttpRequestMessage(HttpMethod.Post, "/api/v1/logout"), token));

    public static Task<HttpResponseMessage> GetProductsAsync(this HttpClient products, string query = "", string? token = null, string? ifNoneMatch = null)
    {
        var request = WithBearer(new HttpRequestMessage(HttpMethod.Get, "/api/v1/products" + query), token);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return products.SendAsync(request);
    }

    private static HttpRequestMessage WithBearer(HttpRequestMessage request, string? token)
    {
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
