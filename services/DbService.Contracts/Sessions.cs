using System.ComponentModel.DataAnnotations;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.DbService.Contracts;

/// <summary>db-service caps <paramref name="ExpiresAt"/> at its configured lifetime, and refuses (409 naming
/// passwordVersion) when the user's password changed after the login verified <paramref name="PasswordVersion"/>.</summary>
public sealed record CreateSessionRequest(
    [Required] Guid? UserId,
    [Required, RegularExpression(TokenHashFormat.Pattern)][property: SecretData] string TokenHash,
    [Required] DateTimeOffset? ExpiresAt,
    [Required, Range(1, int.MaxValue)] int? PasswordVersion);

public sealed record SessionCreated(Guid UserId, DateTimeOffset ExpiresAt);

public sealed record TokenHashRequest([Required, RegularExpression(TokenHashFormat.Pattern)][property: SecretData] string TokenHash);

public sealed record ResolvedSession(Guid UserId, [property: EmailData] string Email, DateTimeOffset ExpiresAt);
