using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Vendors;

/// <summary>Finds the vendor adapter for a card brand (new cards) or by name (saved cards, cancels).</summary>
public sealed class VendorRegistry(IOptions<VendorRouting> routing, IEnumerable<VendorRouting.Registration> registrations, IServiceProvider services)
{
    /// <summary>The vendors this service has an adapter for: a saved card of any other cannot be charged.</summary>
    public IReadOnlyList<string> Names { get; } = registrations.Select(r => r.Vendor).ToArray();

    public IPaymentVendor? ForBrand(string brand) =>
        routing.Value.VendorByBrand.TryGetValue(brand, out var vendor) ? ByName(vendor) : null;

    public IPaymentVendor? ByName(string vendor) => services.GetKeyedService<IPaymentVendor>(vendor);
}
