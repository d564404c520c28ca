using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.EndToEnd;

/// <summary>The end-to-end journey through the edge gateway. It runs against the local run, or against
/// any deployed stack with ESHOP_BASE_URL set (the pipeline's smoke test:
/// `dotnet test tests/EShop.Shop.Tests --filter Category=Journey`).</summary>
[Collection(ShopCollection.Name)]
[Trait("Category", "Journey")]
public sealed class JourneyTests(ShopUnderTest shop)
{
    private readonly ShopJourney _journey = new(shop.CreateClient());

    [Fact]
    public async Task Signup_login_browse_two_pages_logout_then_the_old_token_is_refused()
    {
        var email = ShopJourney.NewEmail();
        var signup = await _journey.SignupAsync(email);
        Assert.Equal(HttpStatusCode.Created, signup.StatusCode);

        var login = await _journey.LoginAsync(email);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("Bearer", session.GetProperty("tokenType").GetString());
        var token = session.GetProperty("token").GetString()!;

        var first = await ReadPageAsync(await _journey.ProductsAsync("?limit=5", token));
        Assert.Equal(5, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        var second = await ReadPageAsync(await _journey.ProductsAsync($"?limit=5&cursor={Uri.EscapeDataString(first.NextCursor!)}", token));
        Assert.NotEmpty(second.Items);
        Assert.Empty(first.Items.Intersect(second.Items));

        Assert.Equal(HttpStatusCode.NoContent, (await _journey.LogoutAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _journey.LogoutAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _journey.ProductsAsync("?limit=1", token)).StatusCode);
    }

    [Fact]
    public async Task Pay_then_replay_returns_the_first_answer_and_a_declined_card_gets_402()
    {
        var ct = TestContext.Current.CancellationToken;
        // Test cards work with the local simulator and processor sandboxes (staging), never in production.
        if (!shop.IsLocal && Environment.GetEnvironmentVariable("ESHOP_JOURNEY_PAYMENTS") != "true") return;
        var token = await _journey.SignupAndLoginAsync();
        var product = (await (await _journey.ProductsAsync("?limit=1")).Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct))
            .GetProperty("items")[0];
        var order = new[] { new { productId = product.GetProperty("id").GetInt64(), quantity = 2 } };
        var key = Guid.NewGuid().ToString();
        var payment = new { items = order, card = Card("4242424242424242") };

        var first = await _journey.PayAsync(token, key, payment);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync(ct);
        var paid = JsonDocument.Parse(firstBody).RootElement;
        Assert.Equal("approved", paid.GetProperty("status").GetString());
        Assert.Equal(2 * product.GetProperty("priceMinor").GetInt64(), paid.GetProperty("amountMinor").GetInt64());
        Assert.Equal("4242", paid.GetProperty("last4").GetString());
        Assert.DoesNotContain("4242424242424242", firstBody);

        var replay = await _journey.PayAsync(token, key, payment);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync(ct));

        var declined = await _journey.PayAsync(token, Guid.NewGuid().ToString(), new { items = order, card = Card("4000000000000002") });
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        Assert.Equal("application/problem+json", declined.Content.Headers.ContentType?.MediaType);
        Assert.True((await declined.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct)).TryGetProperty("paymentId", out _));
    }

    private static object Card(string number) =>
        new { number, expiryMonth = 12, expiryYear = DateTime.UtcNow.Year + 3, cvc = "123", holderName = "Journey Shopper" };

    [Fact]
    public async Task The_gateway_passes_the_trace_context_through_and_answers_unknown_paths_with_a_404_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = shop.CreateClient();
        using var caller = new Activity("journey read").SetIdFormat(ActivityIdFormat.W3C).Start();
        var response = await client.GetAsync("/api/v1/products?limit=1", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The request id is the W3C trace id the service joined (or, for a page the edge had cached, the edge itself).
        Assert.Equal(caller.TraceId.ToHexString(), response.Headers.GetValues("X-Request-Id").Single());

        var unknown = await client.GetAsync("/api/v1/does-not-exist", ct);
        await ProblemAssert.Is(unknown, HttpStatusCode.NotFound);
    }

    private static async Task<(IReadOnlyList<long> Items, string? NextCursor)> ReadPageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        var cursor = page.GetProperty("nextCursor");
        return (ids, cursor.ValueKind == JsonValueKind.Null ? null : cursor.GetString());
    }
}
