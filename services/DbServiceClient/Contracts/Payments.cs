using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EShop.DbServiceClient.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<PaymentStatus>))]
public enum PaymentStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("declined")] Declined,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    /// <summary>A vendor approval that arrived for a failed payment, voided at the vendor at once.</summary>
    [JsonStringEnumMemberName("voided")] Voided,
}

public sealed record NewPaymentItem(
    [Required, Range(typeof(long), "1", Int64Range.Max)] long? ProductId,
    [Required, Range(1, 10_000)] int? Quantity,
    [Required, Range(typeof(long), "0", Int64Range.Max)] long? UnitPriceMinor);

public sealed record CreatePaymentRequest(
    [Required] Guid? Id,
    [Required] Guid? UserId,
    [Required, Range(typeof(long), "1", Int64Range.Max)] long? AmountMinor,
    [Required, RegularExpression(CurrencyFormat.Pattern)] string Currency,
    [Required, StringLength(32, MinimumLength = 1)] string Vendor,
    [Required, StringLength(32, MinimumLength = 1)] string Brand,
    [Required, RegularExpression(CardFormat.Last4Pattern)] string Last4,
    Guid? CardId,
    [Required, MinLength(1), MaxLength(100)] IReadOnlyList<NewPaymentItem> Items,
    [StringLength(255, MinimumLength = 1)] string? IdempotencyKey = null,
    [RegularExpression("^[0-9a-f]{64}$")] string? CardFingerprint = null);

/// <summary>A compare-and-set along the status machine. A change out of <c>pending</c> needs <c>Holder</c>: the
/// current holder of the payment's idempotency key (a stale fence is refused).</summary>
public sealed record SetPaymentStatusRequest(
    [Required, MinLength(1)] IReadOnlyList<PaymentStatus> ExpectedStatuses,
    [Required] PaymentStatus? Status,
    [StringLength(256)] string? VendorReference,
    [StringLength(500)] string? Reason,
    KeyHolder? Holder = null);

public sealed record PaymentItem(long ProductId, int Quantity, long UnitPriceMinor);

public sealed record PaymentRecord(
    Guid Id, Guid UserId, PaymentStatus Status, long AmountMinor, string Currency, string Vendor, string Brand, string Last4,
    Guid? CardId, string? VendorReference, string? Reason, IReadOnlyList<PaymentItem> Items, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? IdempotencyKey = null);

/// <summary>What the abuse limits count for one account over a window: declined payments and distinct cards, and
/// whether the card of <c>cardFingerprint</c> is among them.</summary>
public sealed record PaymentActivity(int Declines, int DistinctCards, bool CardSeen);
