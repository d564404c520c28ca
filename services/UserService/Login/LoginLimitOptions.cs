using System.ComponentModel.DataAnnotations;

namespace EShop.UserService.Login;

/// <summary>Login throttling (env LoginLimits__*): per client address, and per account and client.</summary>
public sealed class LoginLimitOptions
{
    public const string Section = "LoginLimits";

    /// <summary>Signup, login and password-change requests one client address may make per window.</summary>
    [Range(1, 1_000_000)]
    public int PerClientPermitLimit { get; set; } = 20;

    [Range(1, 3600)]
    public int PerClientWindowSeconds { get; set; } = 60;

    /// <summary>The account's shared budget per window: failed attempts beyond each client's first. At most 100 per
    /// hour (OWASP ASVS V2.2.1), so the range forbids raising it or shortening the window. Each client's first
    /// attempt does not draw on it, so an attacker who spends the budget cannot lock the owner out.</summary>
    [Range(1, 100)]
    public int PerAccountMaxFailures { get; set; } = 100;

    [Range(3600, 86_400)]
    public int PerAccountWindowSeconds { get; set; } = 3600;

    /// <summary>Failures of one client on one account before the progressive delay starts.</summary>
    [Range(1, 100)]
    public int DelayAfterFailures { get; set; } = 5;

    /// <summary>The first delay; it doubles with every further failure of that client on that account.</summary>
    [Range(1, 3600)]
    public int DelayBaseSeconds { get; set; } = 2;

    [Range(1, 3600)]
    public int DelayMaxSeconds { get; set; } = 900;
}
