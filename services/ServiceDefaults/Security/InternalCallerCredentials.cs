using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace EShop.ServiceDefaults.Security;

/// <summary>The callee's side: the SHA-256 (hex) of each catalog caller's credential (InternalAuth__Callers__&lt;caller&gt;).
/// Only digests: a callee that is broken into holds nothing it could present as another caller. Knowing callers that have
/// no grant here lets the callee name them in its 403.</summary>
public sealed class InternalCallerCredentials : IValidatableObject
{
    public const string Section = InternalAuthOptions.Section;

    public Dictionary<string, string> Callers { get; set; } = [];

    /// <summary>Set from the catalog before validation: every caller the catalog knows.</summary>
    internal IReadOnlyCollection<string> KnownCallers { get; set; } = [];

    /// <summary>The form a callee is configured with: 64 lower-case hex characters.</summary>
    public static string Digest(string credential) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (caller, digest) in Callers)
        {
            var member = $"{nameof(Callers)}__{caller}";
            if (!KnownCallers.Contains(caller))
                yield return new ValidationResult($"'{caller}' is no caller in services/catalog.json", [member]);
            else if (digest.Length != 64 || !digest.All(Uri.IsHexDigit))
                yield return new ValidationResult("expected the SHA-256 of the caller's credential as 64 hex characters", [member]);
        }
        if (Callers.Values.Select(v => v.ToLowerInvariant()).Distinct().Count() != Callers.Count)
            yield return new ValidationResult("two callers share one credential: each caller needs its own", [nameof(Callers)]);
    }
}
