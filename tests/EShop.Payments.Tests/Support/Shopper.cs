using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace EShop.Payments.Tests.Support;

/// <summary>A signed-up, logged-in user (real user-service token) calling payment-service.</summary>
public sealed class Shopper(HttpClient payments, Guid userId, string token)
{
    public Guid UserId { get; } = userId;
    public string Token { get; } = token;

    public static async Task<Shopper> SignUpAsync(HttpClient users, HttpClient payments)
    {
        var email = $"payer-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";
        var signup = await users.PostAsJsonAsync("/api/v1/signup", new { email, password, name = "Ada" });
        Assert.Equal(HttpStatusCode.Created, signup.StatusCode);
        var userId = (await signup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var login = await users.PostAsJsonAsync("/api/v1/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return new Shopper(payments, userId, token);
    }

    public Shopper Using(HttpClient otherPaymentService) => new(otherPaymentService, UserId, Token);

    public Task<HttpResponseMessage> PayAsync(JsonNode body, string? idempotencyKey = null) =>
        SendPayAsync(body.ToJsonString(), idempotencyKey ?? NewKey(), Token);

    public Task<HttpResponseMessage> SendPayAsync(string jsonBody, string? idempotencyKey, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/pay")
        {
            Content = new StringContent(jsonBody, System.Text.Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return payments.SendAsync(request);
    }

    public static string NewKey() => $"key-{Guid.NewGuid():N}";
}
