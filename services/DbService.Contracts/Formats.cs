namespace EShop.DbService.Contracts;

/// <summary>Only the SHA-256 of a bearer token (64 lower-case hex characters) ever reaches db-service.</summary>
public static class TokenHashFormat
{
    public const string Pattern = "^[0-9a-f]{64}$";
}

public static class CurrencyFormat
{
    /// <summary>ISO 4217 alphabetic code.</summary>
    public const string Pattern = "^[A-Z]{3}$";
}

// Whole-number bounds are written [Range(1, long.MaxValue)] (the double overload): [Range(typeof(long), ...)] converts
// through a TypeConverter, which the trimmer cannot keep for Native AOT services (IL2026).
