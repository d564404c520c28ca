using System.ComponentModel.DataAnnotations;

namespace EShop.UserService.Login;

/// <summary>Login throttling (env LoginLimits__*): per client address and per account.</summary>
public sealed class LoginLimitOptions
{
    public const string Section = "LoginLimits";

    /// <summary>Signup and login requests one client address may make per window.</summary>
    [Range(1, 1_000_000)]
    public int PerClientPermitLimit { get; set; } = 20;

    [Range(1, 3600)]
    public int PerClientWindowSeconds { get; set; } = 60;

    /// <summary>Failed logins of one account per window before further attempts get 429. At most 100 per hour
    /// (OWASP ASVS V2.2.1), so the range forbids raising it or shortening the window.</summary>
    [Range(1, 100)]
    public int PerAccountMaxFailures { get; set; } = 100;

    [Range(3600, 86_400)]
    public int PerAccountWindowSeconds { get; set; } = 3600;
}
