namespace EShop.Payments.Tests.Support;

/// <summary>The simulator's deterministic test cards (docs/payments.md) and the CVCs every test uses, chosen
/// so that a scan for them cannot match anything by accident.</summary>
public static class TestCards
{
    public const string Cvc = "739";
    public const string AmexCvc = "4821";

    public const string VisaApprove = "4242424242424242";
    public const string VisaDecline = "4000000000000002";
    public const string VisaInsufficientFunds = "4000000000009995";
    public const string VisaSlow = "4000000000000077";
    public const string VisaFailure = "4000000000000119";
    public const string MastercardApprove = "5555555555554444";
    public const string Mastercard2SeriesApprove = "2223003122003222";
    public const string MastercardDecline = "5100000000000008";
    public const string AmexApprove = "378282246310005";
    public const string AmexDecline = "340000000000009";
    public const string DiscoverApprove = "6011111111111117";

    public static readonly string[] All =
    [
        VisaApprove, VisaDecline, VisaInsufficientFunds, VisaSlow, VisaFailure, MastercardApprove, Mastercard2SeriesApprove,
        MastercardDecline, AmexApprove, AmexDecline, DiscoverApprove,
    ];

    public static string CvcFor(string number) => number.StartsWith("34") || number.StartsWith("37") ? AmexCvc : Cvc;
}
