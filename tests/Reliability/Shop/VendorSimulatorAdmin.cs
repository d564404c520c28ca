using System.Net.Http.Json;
using System.Text.Json;
using EShop.Reliability.Stack;

namespace EShop.Reliability.Shop;

/// <summary>The simulator's admin API: fault injection and the charge log (what the "vendor" really charged).</summary>
public sealed class VendorSimulatorAdmin(HttpClient http)
{
    public sealed record Charge(string ChargeId, string Vendor, string IdempotencyKey, string Status);

    public static VendorSimulatorAdmin For(LocalStack stack)
    {
        var http = new HttpClient { BaseAddress = stack.Replicas["vendor-simulator"][0].Url, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", stack.Secrets.VendorApiKey);
        return new VendorSimulatorAdmin(http);
    }

    /// <summary>mode fail (503, nothing charged), slow (charged, answered late) or none; applies to every vendor.</summary>
    public async Task SetFaultAsync(string mode, int? delayMilliseconds = null)
    {
        using var response = await http.PostAsJsonAsync("/admin/faults", new { mode, delayMilliseconds });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<Charge>> ChargesAsync() =>
        await http.GetFromJsonAsync<List<Charge>>("/admin/charges", new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];

    /// <summary>Charge requests that reached the simulator, all vendors together.</summary>
    public async Task<int> AttemptsAsync() =>
        (await http.GetFromJsonAsync<Dictionary<string, int>>("/admin/attempts") ?? []).Values.Sum();
}
