using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace EShop.DbService.Contracts;

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

    /// <summary>A refusal for each text that looks like a card number, naming its field.</summary>
    public static IEnumerable<ValidationResult> RefuseCardNumbers(params (string Field, string? Value)[] texts) =>
        texts.Where(t => t.Value is not null && CardNumberLike().IsMatch(t.Value))
            .Select(t => new ValidationResult($"'{t.Field}' looks like it holds a card number: it is refused.", [t.Field]));
}
