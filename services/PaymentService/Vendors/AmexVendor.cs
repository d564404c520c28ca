namespace EShop.PaymentService.Vendors;

public sealed class AmexVendor(HttpClient http, ILogger<AmexVendor> logger)
    : CardProcessorVendor(http, logger)
{
    public const string VendorName = "Amex";

    public override string Name => VendorName;

    protected override string ApiPath => "v1/amex/";
}
