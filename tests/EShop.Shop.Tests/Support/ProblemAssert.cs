using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace EShop.Shop.Tests.Support;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem+json answer with this status and returns its body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 problem whose <c>errors</c> names <paramref name="field"/> (the JSON member or query parameter).</summary>
    public static async Task NamesFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"the problem does not name '{field}' in errors: {problem}");
    }

    /// <summary>The Retry-After header in seconds (a 429 or 503 must carry one).</summary>
    public static int RetryAfterSeconds(HttpResponseMessage response)
    {
        var delta = response.Headers.RetryAfter?.Delta;
        Assert.True(delta is not null, "no Retry-After (delta-seconds) header");
        return (int)delta!.Value.TotalSeconds;
    }

    public static Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonElement>();
}
