using System.ComponentModel.DataAnnotations;
using EShop.ServiceDefaults.Logging.Redaction;

namespace EShop.DbService.Contracts;

public sealed record CreateUserRequest(
    [Required, EmailAddress, StringLength(254)][property: EmailData] string Email,
    [StringLength(200)] string? Name,
    [Required, StringLength(1024)][property: SecretData] string PasswordHash);

/// <summary>A rehash of the same password: written only while the password is still at <paramref name="PasswordVersion"/>.</summary>
public sealed record SetPasswordHashRequest(
    [Required, StringLength(1024)][property: SecretData] string PasswordHash,
    [Required, Range(1, int.MaxValue)] int? PasswordVersion);

/// <summary>A new password: written only while the password is still at <paramref name="PasswordVersion"/>; every
/// session of the user except <paramref name="KeepSessionTokenHash"/> (the one that asked) is revoked.</summary>
public sealed record ChangePasswordRequest(
    [Required, StringLength(1024)][property: SecretData] string PasswordHash,
    [Required, Range(1, int.MaxValue)] int? PasswordVersion,
    [RegularExpression(TokenHashFormat.Pattern)][property: SecretData] string? KeepSessionTokenHash);

public sealed record PasswordChanged(int PasswordVersion, int RevokedSessions);

public sealed record UserRecord(
    Guid Id, [property: EmailData] string Email, string? Name, [property: SecretData] string PasswordHash, DateTimeOffset CreatedAt, int PasswordVersion);
