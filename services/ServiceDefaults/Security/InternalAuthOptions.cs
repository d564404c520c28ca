using System.ComponentModel.DataAnnotations;

namespace EShop.ServiceDefaults.Security;

public sealed class InternalAuthOptions
{
    public const string Section = "InternalAuth";
    public const string HeaderName = "X-Internal-Token";

    /// <summary>The shared credential services present to each other's internal routes.</summary>
    [Required, MinLength(16)]
    public string Token { get; set; } = "";
}
