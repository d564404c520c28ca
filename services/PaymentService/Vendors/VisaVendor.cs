namespace EShop.PaymentService.Vendors;

public sealed class VisaVendor(HttpClient http, VendorResilience resilience, ILogger<VisaVendor> logger)
    : CardProcessorVendor(http, resilience, logger)
{
    public const string VendorName = "Visa";

    public override string Name => VendorName;

    protected override string ApiPath => "v1/visa/";
}
