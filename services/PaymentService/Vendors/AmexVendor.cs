namespace EShop.PaymentService.Vendors;

public sealed class AmexVendor(HttpClient http, VendorResilience resilience, ILogger<AmexVendor> logger)
    : CardProcessorVendor(http, resilience, logger)
{
    public const string VendorName = "Amex";

    public override string Name => VendorName;

    protected override string ApiPath => "v1/amex/";
}
