using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.DbService.Contracts;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.PaymentService.Payments;

/// <summary>POST /pay body: what to buy and how to pay. Never a price: the amount comes from the catalogue,
/// and any member this contract does not define (price, amount, ...) is refused by name.</summary>
public sealed record PayRequest(
    [Required, ItemCount(1, 100)] IReadOnlyList<PayItem>? Items,
    CardInput? Card,
    Guid? SavedCardId) : IValidatableObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownMembers { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var refusal in UnknownMemberRefusals.For(UnknownMembers)) yield return refusal;
        if ((Card is null) == (SavedCardId is null))
            yield return new ValidationResult("Send exactly one of card (a new card) and savedCardId.", [nameof(Card)]);
    }
}

public sealed record PayItem([Range(1, long.MaxValue)] long ProductId, [Range(1, 1000)] int Quantity) : IValidatableObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownMembers { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => UnknownMemberRefusals.For(UnknownMembers);
}

public sealed record CardInput(
    [Required, StringLength(23, MinimumLength = 12)][property: CardData] string Number,
    [Range(1, 12)] int ExpiryMonth,
    [Range(2000, 2199)] int ExpiryYear,
    [Required, RegularExpression("^[0-9]{3,4}$")][property: CardData] string Cvc,
    [Required, StringLength(100, MinimumLength = 1), RegularExpression(@"^[^0-9\p{Cc}]+$")] string HolderName,
    bool Save = false) : IValidatableObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownMembers { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => UnknownMemberRefusals.For(UnknownMembers);

    // Records print every member by default; the body's card must never reach a log line that way.
    public override string ToString() => "card details (withheld)";
}

internal static class UnknownMemberRefusals
{
    public static IEnumerable<ValidationResult> For(Dictionary<string, JsonElement>? members) =>
        (members ?? []).Keys.Select(name => new ValidationResult(
            $"Unknown member '{name}': prices and amounts come from the catalogue and are never taken from the request.", [name]));
}
