using EShop.DbService.Contracts;
using EShop.PaymentService.Idempotency;

namespace EShop.PaymentService.Payments;

/// <summary>201 body of POST /pay.</summary>
public sealed record PaymentApproved(Guid PaymentId, string Status, string Vendor, string Brand, string Last4, long AmountMinor, string Currency, Guid? SavedCardId);

/// <summary>200 body of POST /cancel; the same for every cancel of the same payment.</summary>
public sealed record PaymentCancelled(Guid PaymentId, string Status, string Vendor, long AmountMinor, string Currency);

/// <summary>402 problem+json body of POST /pay.</summary>
public sealed record PaymentDeclined(string Type, string Title, int Status, string Detail, Guid PaymentId, string Reason);

/// <summary>The final answers of POST /pay, built from the payment record so that a takeover answers
/// exactly like the first attempt would have.</summary>
public static class PaymentAnswers
{
    public static StoredAnswer Approved(PaymentRecord payment, Guid? savedCardId) =>
        StoredAnswer.From(StatusCodes.Status201Created, new PaymentApproved(payment.Id, StatusName(payment.Status), payment.Vendor,
            payment.Brand, payment.Last4, payment.AmountMinor, payment.Currency, savedCardId));

    /// <summary>The one reason a client sees for any decline: the vendor's detailed reason (insufficient funds, ...) stays
    /// in the payment record, so the answer tells a card tester nothing about the card.</summary>
    public const string GenericDeclineReason = "card_declined";

    public static StoredAnswer Declined(PaymentRecord payment) =>
        StoredAnswer.From(StatusCodes.Status402PaymentRequired, new PaymentDeclined("urn:eshop:problem:payment-declined",
            "Payment declined", StatusCodes.Status402PaymentRequired, "The card was declined.", payment.Id, GenericDeclineReason));

    public static string StatusName(PaymentStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The <c>paymentId</c> member of a problem about a payment that exists, so the client can ask after it.</summary>
    public static Dictionary<string, object?> Naming(Guid paymentId) => new() { ["paymentId"] = paymentId };
}
