using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace EShop.Payments.Tests.Support;

public sealed record SimulatedCharge(string ChargeId, string Vendor, string IdempotencyKey, long AmountMinor, string Currency, string Last4, string Status, string? Reason);

/// <summary>The simulator's admin API: its charge log, attempt counts and fault injection.</summary>
public sealed class SimulatorAdmin(HttpClient simulator)
{
    public async Task<IReadOnlyList<SimulatedCharge>> ChargesAsync() =>
        (await simulator.GetFromJsonAsync<List<SimulatedCharge>>("/admin/charges"))!;

    public async Task<IReadOnlyList<SimulatedCharge>> ChargesForAsync(Guid paymentId) =>
        (await ChargesAsync()).Where(c => c.IdempotencyKey == paymentId.ToString()).ToArray();

    public async Task<int> AttemptsAsync(string vendor) =>
        (await simulator.GetFromJsonAsync<Dictionary<string, int>>("/admin/attempts"))!.GetValueOrDefault(vendor);

    public async Task SetFaultAsync(string mode, string? vendor = null, int? count = null, int? delayMilliseconds = null)
    {
        var response = await simulator.PostAsJsonAsync("/admin/faults", new { mode, vendor, count, delayMilliseconds });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
