using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.DbService.Contracts;

public sealed record CreateCardRequest(
    [Required] Guid? UserId,
    [Required, StringLength(32, MinimumLength = 1)] string Vendor,
    [Required, StringLength(256, MinimumLength = 1)][property: CardData] string VendorToken,
    [Required, StringLength(32, MinimumLength = 1)] string Brand,
    [Required, RegularExpression(CardFormat.Last4Pattern)] string Last4,
    [Required, Range(1, 12)] int? ExpiryMonth,
    [Required, Range(2000, 2100)] int? ExpiryYear,
    [StringLength(200)] string? HolderName) : IValidatableObject
{
    /// <summary>Members the contract does not know; kept only to refuse a card number or CVC sent by mistake. A setter, not
    /// init: the source-generated serializer cannot fill an init-only extension-data member beside a constructor.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownMembers { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var name in UnknownMembers?.Keys.Where(CardFormat.IsForbiddenMember) ?? [])
            yield return new($"'{name}' is refused: card numbers and security codes are never stored.", [name]);

        foreach (var refusal in CardFormat.RefuseCardNumbers(("vendor", Vendor), ("vendorToken", VendorToken), ("brand", Brand), ("holderName", HolderName)))
            yield return refusal;
    }
}

public sealed record CardRecord(
    Guid Id, Guid UserId, string Vendor, [property: CardData] string VendorToken, string Brand, string Last4,
    int ExpiryMonth, int ExpiryYear, string? HolderName, DateTimeOffset CreatedAt);
