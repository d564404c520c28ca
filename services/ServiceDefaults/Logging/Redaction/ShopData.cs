using Microsoft.Extensions.Compliance.Classification;

namespace EShop.ServiceDefaults.Logging.Redaction;

/// <summary>The shop's data taxonomy: what must never reach a log line in clear.</summary>
public static class ShopData
{
    public const string TaxonomyName = "EShop";

    /// <summary>A person's email address (identifies them).</summary>
    public static DataClassification Email { get; } = new(TaxonomyName, nameof(Email));

    /// <summary>Bearer tokens, passwords and their hashes, API keys, internal credentials.</summary>
    public static DataClassification Secret { get; } = new(TaxonomyName, nameof(Secret));

    /// <summary>Card numbers, CVCs and the vendors' card tokens (PCI DSS: never logged).</summary>
    public static DataClassification CardData { get; } = new(TaxonomyName, nameof(CardData));

    /// <summary>Every class of the taxonomy: each is erased from logs.</summary>
    public static IReadOnlyList<DataClassification> All { get; } = [Email, Secret, CardData];
}

/// <summary>Marks an email address (a log-method parameter or a property) for redaction.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
public sealed class EmailDataAttribute() : DataClassificationAttribute(ShopData.Email);

/// <summary>Marks a token, password or key for redaction.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
public sealed class SecretDataAttribute() : DataClassificationAttribute(ShopData.Secret);

/// <summary>Marks a card number, CVC or vendor card token for redaction.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue)]
public sealed class CardDataAttribute() : DataClassificationAttribute(ShopData.CardData);
