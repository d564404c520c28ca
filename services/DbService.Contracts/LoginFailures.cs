using System.ComponentModel.DataAnnotations;

namespace EShop.DbService.Contracts;

/// <summary>Asks for one login attempt of <paramref name="Client"/> (its address or network) on the account
/// <paramref name="Email"/>, before the password is checked. The policy travels with the request so that
/// user-service's settings are the one place it is configured.</summary>
public sealed record ReserveLoginAttemptRequest(
    [Required, StringLength(254)] string Email,
    [Required, StringLength(64, MinimumLength = 1)] string Client,
    [Required, Range(1, LoginAttemptLimits.MaxWindowSeconds)] int? WindowSeconds,
    [Required, Range(1, 100)] int? SharedFailureLimit,
    [Required, Range(1, 100)] int? FreeFailures,
    [Required, Range(1, 3600)] int? DelayBaseSeconds,
    [Required, Range(1, LoginAttemptLimits.MaxWindowSeconds)] int? DelayMaxSeconds);

/// <summary>Admitted, or refused with the wait until the client may try again.</summary>
public sealed record LoginAttemptReservation(bool Admitted, double? RetryAfterSeconds);

/// <summary>The login succeeded: the client's reserved attempt and its earlier failures on this account are forgotten.</summary>
public sealed record LoginSucceededRequest(
    [Required, StringLength(254)] string Email,
    [Required, StringLength(64, MinimumLength = 1)] string Client);

public static class LoginAttemptLimits
{
    /// <summary>Attempts older than this are purged; longer windows make no sense.</summary>
    public const int MaxWindowSeconds = 86_400;
}
