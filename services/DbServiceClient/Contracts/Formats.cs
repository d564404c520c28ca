namespace EShop.DbServiceClient.Contracts;

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

/// <summary>Upper bound for [Range(typeof(long), ...)]: keeps the error message in whole numbers.</summary>
public static class Int64Range
{
    public const string Max = "9223372036854775807";
}
