using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace EShop.Payments.Tests.Support;

public static class ProblemAssert
{
    /// <summary>Asserts a problem+json answer with this status whose "errors" name <paramref name="field"/>; returns the body.</summary>
    public static async Task<JsonElement> NamesFieldAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await IsProblemAsync(response, status);
        Assert.True(body.TryGetProperty("errors", out var errors), $"no errors member in {body}");
        Assert.Contains(errors.EnumerateObject(), e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase));
        return body;
    }

    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> IsJsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonElement>();
}
