using EShop.PaymentService.Payments;
using EShop.PaymentService.Vendors;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Idempotency;

/// <summary>How long a claimed key is leased: the holder's db-service calls, plus the slowest
/// vendor's whole retry budget, plus a margin, so a lease never ends while its holder still works on schedule. The
/// holder also renews it (<see cref="LeaseHeartbeat"/>) every <see cref="HeartbeatInterval"/>.</summary>
public sealed class IdempotencyTimings(IEnumerable<VendorRouting.Registration> vendors, IOptionsMonitor<VendorOptions> vendorOptions, IOptions<PaymentOptions> options)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>The holder's db-service calls under the lease: the rest of begin after its claim, and finish.</summary>
    private const int HolderDbCalls = 2;

    public TimeSpan Lease { get; } = HolderDbCalls * TimeSpan.FromSeconds(options.Value.DbCallTimeoutSeconds)
        + vendors.Select(v => VendorResilience.Budget(vendorOptions.Get(v.Vendor))).DefaultIfEmpty(TimeSpan.Zero).Max()
        + Margin;

    public TimeSpan HeartbeatInterval => Lease / 3;

    /// <summary>The bound on every wait inside /pay.</summary>
    public TimeSpan MaxWait { get; } = TimeSpan.FromSeconds(options.Value.WaitSeconds);
}
