using System.ComponentModel.DataAnnotations;

namespace EShop.ServiceDefaults.Security;

/// <summary>The caller's side: this service's own credential, presented to the internal routes it calls.</summary>
public sealed class InternalAuthOptions
{
    public const string Section = "InternalAuth";
    public const string HeaderName = "X-Internal-Token";

    /// <summary>This service's own credential (each caller has its own; the callee knows which caller it is).</summary>
    [Required, StringLength(int.MaxValue, MinimumLength = 16)]
    public string Token { get; set; } = "";
}
