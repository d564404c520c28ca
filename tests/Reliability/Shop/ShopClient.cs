using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EShop.Reliability.Load;

namespace EShop.Reliability.Shop;

/// <summary>The public API as a client sees it through the edge gateway, timing every call.</summary>
public sealed class ShopClient(HttpClient http)
{
    public const string Password = "reliability suite password 1";

    public static HttpClient CreateHttp(Uri gateway, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        BaseAddress = gateway,
        // Longer than the gateway's own 30 s upstream timeout: every request ends with an answer or a recorded failure.
        Timeout = TimeSpan.FromSeconds(40),
    };

    public static string NewEmail() => $"rel-{Guid.NewGuid():N}@example.com";

    public async Task<RequestRecord> SignupAsync(string email) =>
        (await SendAsync(Operation.Signup, Json(HttpMethod.Post, "/api/v1/signup", new { email, password = Password, name = "Reliability Shopper" }))).Record;

    public async Task<(RequestRecord Record, string? Token)> LoginAsync(string email)
    {
        var (record, body, _) = await SendAsync(Operation.Login, Json(HttpMethod.Post, "/api/v1/login", new { email, password = Password }));
        return (record, record.Status == 200 ? JsonDocument.Parse(body).RootElement.GetProperty("token").GetString() : null);
    }

    public async Task<(RequestRecord Record, string? NextCursor)> BrowseAsync(string? cursor)
    {
        var path = "/api/v1/products?limit=20" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        var (record, body, _) = await SendAsync(Operation.Browse, new HttpRequestMessage(HttpMethod.Get, path));
        if (record.Status != 200) return (record, null);
        return (record, JsonDocument.Parse(body).RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String
            ? next.GetString() : null);
    }

    public async Task<IReadOnlyList<long>> ProductIdsAsync()
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/products?limit=50");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
    }

    /// <summary>Sends the order's request (a first attempt or a retry with the same key) and records the answer in it.</summary>
    public async Task<RequestRecord> PayAsync(PayOrder order)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/pay") { Content = new StringContent(order.Body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", order.Token);
        request.Headers.Add("Idempotency-Key", order.Key);
        var (record, body, retryAfter) = await SendAsync(Operation.Pay, request);
        order.Answered(record.Status, PaymentIdIn(body), retryAfter);
        return record;
    }

    private static Guid? PaymentIdIn(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("paymentId", out var id) && id.TryGetGuid(out var guid) ? guid : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<RequestRecord> LogoutAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/logout");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await SendAsync(Operation.Login, request)).Record;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) =>
        new(method, path) { Content = JsonContent.Create(body) };

    private async Task<(RequestRecord Record, string Body, TimeSpan? RetryAfter)> SendAsync(Operation operation, HttpRequestMessage request)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            using (request)
            using (var response = await http.SendAsync(request))
            {
                var body = await response.Content.ReadAsStringAsync();
                return (new RequestRecord(operation, (int)response.StatusCode, started, clock.Elapsed, null), body, response.Headers.RetryAfter?.Delta);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (new RequestRecord(operation, 0, started, clock.Elapsed, ex.GetType().Name + ": " + ex.Message), "", null);
        }
    }
}
