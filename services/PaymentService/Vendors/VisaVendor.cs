namespace EShop.PaymentService.Vendors;

public sealed class VisaVendor(HttpClient http, ILogger<VisaVendor> logger)
    : CardProcessorVendor(http, logger)
{
    public const string VendorName = "Visa";

    public override string Name => VendorName;

    protected override string ApiPath => "v1/visa/";
}
