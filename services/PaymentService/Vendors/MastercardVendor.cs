namespace EShop.PaymentService.Vendors;

public sealed class MastercardVendor(HttpClient http, ILogger<MastercardVendor> logger)
    : CardProcessorVendor(http, logger)
{
    public const string VendorName = "Mastercard";

    public override string Name => VendorName;

    protected override string ApiPath => "v1/mastercard/";
}
