using System.Text.RegularExpressions;

namespace EShop.DbServiceClient.Contracts;

/// <summary>What a stored card may look like: never a full card number or a security code.</summary>
public static partial class CardFormat
{
    public const string Last4Pattern = "^[0-9]{4}$";

    /// <summary>Request members that would carry a card number or security code (compared without case, '_' or '-').</summary>
    public static readonly IReadOnlySet<string> ForbiddenMembers =
        new HashSet<string>(["number", "cardnumber", "pan", "cvc", "cvv", "cvv2", "securitycode"]);

    /// <summary>12 or more digits, optionally separated by single spaces or dashes: the shape of a card number.
    /// The database checks the same expression.</summary>
    [GeneratedRegex("[0-9](?:[ -]?[0-9]){11,}", RegexOptions.CultureInvariant)]
    public static partial Regex CardNumberLike();

    public static bool IsForbiddenMember(string name) =>
        ForbiddenMembers.Contains(name.Replace("_", "").Replace("-", "").ToLowerInvariant());
}
