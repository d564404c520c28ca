using System.Net;
using System.Text.Json;
using Xunit;

namespace EShop.TestSupport;

/// <summary>The one way tests assert an RFC 9457 problem+json answer, in every test project.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts a problem+json answer with this status (in the header and in its <c>status</c> member); returns its body.</summary>
    public static async Task<JsonElement> Is(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ResponseAssert.IsJson(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a problem with this status whose <c>errors</c> name <paramref name="field"/> exactly (a JSON path such as
    /// <c>items[0].quantity</c>, a query parameter or a header); returns its body.</summary>
    public static async Task<JsonElement> NamesField(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var problem = await Is(response, status);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"the problem does not name '{field}' in errors: {problem}");
        return problem;
    }

    /// <summary>The Retry-After header in seconds (a 429 or 503 must carry one).</summary>
    public static int RetryAfterSeconds(HttpResponseMessage response)
    {
        var delta = response.Headers.RetryAfter?.Delta;
        Assert.True(delta is not null, "no Retry-After (delta-seconds) header");
        return (int)delta!.Value.TotalSeconds;
    }
}
