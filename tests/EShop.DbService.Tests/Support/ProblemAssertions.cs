using System.Net;
using System.Text.Json;
using Xunit;

namespace EShop.DbService.Tests.Support;

public static class ProblemAssertions
{
    /// <summary>Asserts an RFC 9457 problem with the status, and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 problem whose errors name <paramref name="field"/> (exactly as the JSON path or member name).</summary>
    public static async Task<JsonElement> AssertNamesFieldAsync(this HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var problem = await response.AssertProblemAsync(status);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors member in {problem}");
        var names = errors.EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains(field, names);
        return problem;
    }
}
