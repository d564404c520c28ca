using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EShop.DbService.Contracts;

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
    [Required, Range(1, long.MaxValue)] long? ProductId,
    [Required, Range(1, 10_000)] int? Quantity,
    [Required, Range(0, long.MaxValue)] long? UnitPriceMinor);

public sealed record CreatePaymentRequest(
    [Required] Guid? Id,
    [Required] Guid? UserId,
    [Required, Range(1, long.MaxValue)] long? AmountMinor,
    [Required, RegularExpression(CurrencyFormat.Pattern)] string Currency,
    [Required, StringLength(32, MinimumLength = 1)] string Vendor,
    [Required, StringLength(32, MinimumLength = 1)] string Brand,
    [Required, RegularExpression(CardFormat.Last4Pattern)] string Last4,
    Guid? CardId,
    [Required, ItemCount(1, 100)] IReadOnlyList<NewPaymentItem> Items,
    [StringLength(255, MinimumLength = 1)] string? IdempotencyKey = null,
    [RegularExpression("^[0-9a-f]{64}$")] string? CardFingerprint = null);

/// <summary>A compare-and-set along the status machine. A change out of <c>pending</c> needs <c>Holder</c>: the
/// current holder of the payment's idempotency key (a stale fence is refused).</summary>
public sealed record SetPaymentStatusRequest(
    [Required, ItemCount(1)] IReadOnlyList<PaymentStatus> ExpectedStatuses,
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
