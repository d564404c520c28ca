using System.ComponentModel.DataAnnotations;

namespace EShop.UserService.Sessions;

public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>Absolute lifetime of a bearer token from login (env Tokens__LifetimeMinutes); at most a week.</summary>
    [Range(1, 7 * 24 * 60)]
    public int LifetimeMinutes { get; set; } = 60;
}
