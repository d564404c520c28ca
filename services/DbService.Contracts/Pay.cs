using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.DbService.Contracts;

/// <summary>POST /pay/begin: everything db-service needs to start (or continue, or answer) one POST /pay in one call: the
/// bearer token's hash, the request's counters, the fenced claim of its key and, for a new claim, the abuse limits, the
/// prices and the pending payment. Exactly one of <c>Card</c> (a new card that passed payment-service's checks),
/// <c>SavedCard</c> and <c>Answer</c> (the request's own final answer, decided without the database: a refused card,
/// stored with the key so that a replay repeats it). <c>Poll</c>: a duplicate asking again while another request holds
/// the key; its request was counted by its first begin.</summary>
public sealed record BeginPaymentRequest(
    [Required, RegularExpression(TokenHashFormat.Pattern)][property: SecretData] string TokenHash,
    [Required, StringLength(100, MinimumLength = 1)] string Client,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required, StringLength(128, MinimumLength = 1)] string RequestHash,
    [Required] Guid? PaymentId,
    [Required, Range(1, 3600)] int? LeaseSeconds,
    [Required] PayLimitSettings? Limits,
    [Required, ItemCount(1, 100)] IReadOnlyList<OrderItem> Items,
    NewCardMeans? Card = null,
    SavedCardMeans? SavedCard = null,
    StoredResponse? Answer = null,
    bool Poll = false) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (new object?[] { Card, SavedCard, Answer }.Count(m => m is not null) != 1)
            yield return new ValidationResult("Send exactly one of card, savedCard and answer.", [nameof(Card)]);
    }
}

/// <summary>payment-service's abuse limits, counted here so that every replica shares them.</summary>
public sealed record PayLimitSettings(
    [Required, Range(1, 1_000_000)] int? PerUserPerMinute,
    [Required, Range(1, 1_000_000)] int? PerClientPerMinute,
    [Required, Range(1, 1_000_000)] int? DeclinesPerHour,
    [Required, Range(1, 1_000_000)] int? CardsPerHour);

public sealed record OrderItem([Required, Range(1, long.MaxValue)] long? ProductId, [Required, Range(1, 10_000)] int? Quantity);

/// <summary>A new card as payment-service checked it: its vendor, brand, last four digits and keyed hash (never the number).</summary>
public sealed record NewCardMeans(
    [Required, StringLength(32, MinimumLength = 1)] string Vendor,
    [Required, StringLength(32, MinimumLength = 1)] string Brand,
    [Required, RegularExpression(CardFormat.Last4Pattern)] string Last4,
    [Required, RegularExpression("^[0-9a-f]{64}$")] string Fingerprint);

/// <summary>A saved card: it must be the user's, of one of <c>Vendors</c> (those payment-service has adapters for) and
/// not expired before <c>Year</c>/<c>Month</c> (payment-service's clock; a card is valid through its expiry month).</summary>
public sealed record SavedCardMeans(
    [Required] Guid? Id,
    [Required, ItemCount(1, 50)] IReadOnlyList<string> Vendors,
    [Required, Range(2000, 2199)] int? Year,
    [Required, Range(1, 12)] int? Month);

/// <summary>A final answer of POST /pay as it is stored with the key and replayed.</summary>
public sealed record StoredResponse([Required, Range(100, 599)] int? Status, [Required] JsonElement? Body);

[JsonConverter(typeof(JsonStringEnumConverter<BeginOutcome>))]
public enum BeginOutcome
{
    /// <summary>The token hash is unknown, revoked or expired: nothing was counted or claimed.</summary>
    [JsonStringEnumMemberName("unauthenticated")] Unauthenticated,
    /// <summary>A limit refused the request (<c>LimitedBy</c>: user, client, declines, cards; <c>RetryAfterSeconds</c>); no claim.</summary>
    [JsonStringEnumMemberName("limited")] Limited,
    /// <summary>The key's stored answer (<c>Response</c>), for the same request.</summary>
    [JsonStringEnumMemberName("replay")] Replay,
    /// <summary>The key was used with a different request.</summary>
    [JsonStringEnumMemberName("mismatch")] Mismatch,
    /// <summary>Another request holds a valid lease on the key (for payment <c>PaymentId</c>): ask again later.</summary>
    [JsonStringEnumMemberName("busy")] Busy,
    /// <summary>The order or the saved card cannot be paid (<c>RefusalStatus</c> 404 or 422, <c>Errors</c> by field of this
    /// request); nothing was claimed or recorded.</summary>
    [JsonStringEnumMemberName("refused")] Refused,
    /// <summary>The request's own <c>Answer</c> is now the key's stored answer.</summary>
    [JsonStringEnumMemberName("stored")] Stored,
    /// <summary>Claimed with <c>Fence</c>, and <c>Payment</c> recorded pending in the same transaction: charge it.</summary>
    [JsonStringEnumMemberName("new")] New,
    /// <summary>The previous holder's lease ended: the key is this request's with a new <c>Fence</c>, for the stored
    /// <c>Payment</c> (resume it; an earlier holder may have charged it).</summary>
    [JsonStringEnumMemberName("takeover")] Takeover,
}

/// <summary>The answer of POST /pay/begin, tagged by <c>Outcome</c>; the members each outcome fills are named there.
/// <c>CardToken</c> is the saved card's vendor token for a payment made with one (what the vendor charges).</summary>
public sealed record BeginPaymentResult(
    BeginOutcome Outcome,
    Guid? UserId = null,
    Guid? PaymentId = null,
    long? Fence = null,
    PaymentRecord? Payment = null,
    [property: CardData] string? CardToken = null,
    StoredResponse? Response = null,
    string? LimitedBy = null,
    int? RetryAfterSeconds = null,
    int? RefusalStatus = null,
    IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>POST /pay/finish: the holder's (or the reconciler's) record of the vendor's outcome, in one transaction under
/// its fence: the payment leaves <c>pending</c> for <c>Status</c> (approved, declined, or failed when nothing was
/// charged), and the key is completed with <c>Answer</c> (approved, declined) or released (failed: the next request with
/// the key claims afresh). A payment already in <c>Status</c> is left as it is (an earlier holder recorded it but not the
/// key). <c>SaveCard</c> (approved only) stores the vendor's token as a saved card in the same transaction.</summary>
public sealed record FinishPaymentRequest(
    [Required] KeyHolder? Holder,
    [Required] Guid? PaymentId,
    [Required] PaymentStatus? Status,
    [StringLength(256)] string? VendorReference,
    [StringLength(500)] string? Reason,
    StoredResponse? Answer = null,
    CardToSave? SaveCard = null) : IValidatableObject
{
    public static bool ReleasesKey(PaymentStatus status) => status is PaymentStatus.Failed or PaymentStatus.Voided;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Status is not { } status) yield break;
        if (status == PaymentStatus.Pending) yield return new ValidationResult("A finished payment is no longer pending.", [nameof(Status)]);
        else if (ReleasesKey(status) && Answer is not null)
            yield return new ValidationResult("A payment that charged nothing releases its key: no answer is stored.", [nameof(Answer)]);
        else if (!ReleasesKey(status) && Answer is null)
            yield return new ValidationResult($"The answer to store with the key is required for status {status}.", [nameof(Answer)]);
        if (SaveCard is not null && status != PaymentStatus.Approved)
            yield return new ValidationResult("Only an approved payment saves its card.", [nameof(SaveCard)]);
    }
}

/// <summary>A card to save with an approved payment: the vendor's token and what the customer sees, never the number.
/// <c>Id</c> is chosen by the caller, so the answer stored in the same transaction can name it.</summary>
public sealed record CardToSave(
    [Required] Guid? Id,
    [Required, StringLength(32, MinimumLength = 1)] string Vendor,
    [Required, StringLength(256, MinimumLength = 1)][property: CardData] string VendorToken,
    [Required, StringLength(32, MinimumLength = 1)] string Brand,
    [Required, RegularExpression(CardFormat.Last4Pattern)] string Last4,
    [Required, Range(1, 12)] int? ExpiryMonth,
    [Required, Range(2000, 2100)] int? ExpiryYear,
    [StringLength(200)] string? HolderName) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        CardFormat.RefuseCardNumbers(("vendor", Vendor), ("vendorToken", VendorToken), ("brand", Brand), ("holderName", HolderName));
}

/// <summary>The answer of POST /pay/finish: the payment's status now and the saved card's id (when one was saved).</summary>
public sealed record FinishedPayment(Guid PaymentId, PaymentStatus Status, Guid? SavedCardId);
