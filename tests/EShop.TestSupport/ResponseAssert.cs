using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace EShop.TestSupport;

public static class ResponseAssert
{
    /// <summary>Asserts the status (naming the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonElement> IsJson(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
}
