using EShop.PaymentService.Vendors;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Idempotency;

/// <summary>How long a claimed key is leased: longer than the slowest vendor's whole retry budget, so
/// a second request never takes over a payment that is still being charged.</summary>
public sealed class IdempotencyTimings(IEnumerable<VendorRouting.Registration> vendors, IOptionsMonitor<VendorOptions> options)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    public TimeSpan Lease { get; } = vendors.Select(v => Budget(options.Get(v.Vendor))).DefaultIfEmpty(TimeSpan.Zero).Max() + Margin;

    /// <summary>How long a duplicate request waits for the first one before answering 409.</summary>
    public TimeSpan MaxWait => Lease * 2;

    private static TimeSpan Budget(VendorOptions vendor) => TimeSpan.FromSeconds(
        vendor.TimeoutSeconds * (vendor.MaxRetries + 1)
        // exponential backoff with jitter: each delay at most 1.5x its nominal value
        + 1.5 * vendor.RetryDelaySeconds * (Math.Pow(2, vendor.MaxRetries) - 1));
}
