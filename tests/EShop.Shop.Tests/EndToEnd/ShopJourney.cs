using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EShop.Shop.Tests.EndToEnd;

/// <summary>The steps a shopper takes, over plain HTTP against a base URL.</summary>
public sealed class ShopJourney(HttpClient http)
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail() => $"shopper-{Guid.NewGuid():N}@example.com";

    public Task<HttpResponseMessage> SignupAsync(string email, string password = Password) =>
        http.PostAsJsonAsync("/api/v1/signup", new { email, password, name = "Journey Shopper" });

    public Task<HttpResponseMessage> LoginAsync(string email, string password = Password) =>
        http.PostAsJsonAsync("/api/v1/login", new { email, password });

    public async Task<string> SignupAndLoginAsync()
    {
        var email = NewEmail();
        (await SignupAsync(email)).EnsureSuccessStatusCode();
        var login = await LoginAsync(email);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public Task<HttpResponseMessage> ProductsAsync(string query, string? token = null) =>
        http.SendAsync(WithToken(new HttpRequestMessage(HttpMethod.Get, "/api/v1/products" + query), token));

    public Task<HttpResponseMessage> LogoutAsync(string token) =>
        http.SendAsync(WithToken(new HttpRequestMessage(HttpMethod.Post, "/api/v1/logout"), token));

    public Task<HttpResponseMessage> PayAsync(string token, string idempotencyKey, object body)
    {
        var request = WithToken(new HttpRequestMessage(HttpMethod.Post, "/api/v1/pay") { Content = JsonContent.Create(body) }, token);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string? token)
    {
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
