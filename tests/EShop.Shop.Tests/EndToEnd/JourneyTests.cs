using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
        var session = await login.Content.ReadFromJsonAsync<JsonElement>();
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
    public async Task The_gateway_keeps_a_well_formed_request_id_and_answers_unknown_paths_with_a_404_problem()
    {
        using var client = shop.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?limit=1");
        request.Headers.Add("X-Request-Id", "journey-0123456789");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("journey-0123456789", response.Headers.GetValues("X-Request-Id").Single());

        var unknown = await client.GetAsync("/api/v1/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
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
