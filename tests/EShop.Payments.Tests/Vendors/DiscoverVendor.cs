using EShop.PaymentService.Vendors;
using Microsoft.Extensions.Logging;

namespace EShop.Payments.Tests.Vendors;

/// <summary>A fourth vendor, written the way a new one is added: this class plus a Vendors:Discover block.</summary>
public sealed class DiscoverVendor(HttpClient http, ILogger<DiscoverVendor> logger)
    : CardProcessorVendor(http, logger)
{
    public const string VendorName = "Discover";

    public override string Name => VendorName;

    protected override string ApiPath => "v1/discover/";
}
