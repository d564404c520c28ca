namespace EShop.PaymentService.Vendors;

public sealed class MastercardVendor(HttpClient http, VendorResilience resilience, ILogger<MastercardVendor> logger)
    : CardProcessorVendor(http, resilience, logger)
{
    public const string VendorName = "Mastercard";

    public override string Name => VendorName;

    protected override string ApiPath => "v1/mastercard/";
}
