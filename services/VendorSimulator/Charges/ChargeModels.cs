using System.ComponentModel.DataAnnotations;

namespace EShop.VendorSimulator.Charges;

/// <summary>The vendor API's charge request: a new card or a token from an earlier tokenised charge.</summary>
public sealed record ChargeRequest(
    [Range(1, long.MaxValue)] long AmountMinor,
    [Required, RegularExpression("^[A-Z]{3}$")] string Currency,
    ChargeCard? Card,
    [StringLength(64, MinimumLength = 1)] string? CardToken,
    bool Tokenize);

public sealed record ChargeCard(
    [Required, RegularExpression("^[0-9]{12,19}$")] string Number,
    [Range(1, 12)] int ExpiryMonth,
    [Range(2000, 2199)] int ExpiryYear,
    [Required, RegularExpression("^[0-9]{3,4}$")] string Cvc,
    [StringLength(100)] string? HolderName)
{
    public string Last4 => Number[^4..];

    // Records print every member by default; a card must never reach a log line that way.
    public override string ToString() => $"card ending {Last4}";
}

/// <summary>One line of the charge log: what the simulated vendor really charged (or declined).</summary>
public sealed record ChargeEntry(
    string ChargeId,
    string Vendor,
    string IdempotencyKey,
    long AmountMinor,
    string Currency,
    string Last4,
    string Status,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? VoidedAt);

public static class ChargeStatus
{
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const string Voided = "voided";
}

/// <summary>The vendor API's answer to a charge (approved or declined), replayed verbatim for the same key.</summary>
public sealed record ChargeAnswer(string ChargeId, string Status, string? Reason, string Last4, string? CardToken);

public sealed record VoidAnswer(string ChargeId, string Status);

/// <summary>GET /charges?idempotencyKey=: the charge made under a key, with its current status (approved, declined, voided).</summary>
public sealed record ChargeLookupAnswer(string ChargeId, string Status, string? Reason);
