using System.ComponentModel.DataAnnotations;

namespace EShop.DbService.Stores;

/// <summary>Env Sessions__*: what db-service enforces on every session, whoever asks for one.</summary>
public sealed class SessionLimits
{
    public const string Section = "Sessions";

    /// <summary>A session's expiresAt is capped at creation time plus this, whatever the caller asks for.</summary>
    [Range(1, 7 * 24 * 60)]
    public int MaxLifetimeMinutes { get; set; } = 24 * 60;

    /// <summary>A session unused for this long no longer resolves (OWASP: 15–30 minutes for low-risk applications).</summary>
    [Range(1, 24 * 60)]
    public int IdleTimeoutMinutes { get; set; } = 30;
}
