using System.ComponentModel.DataAnnotations;

namespace EShop.DbServiceClient.Contracts;

public sealed record CreateUserRequest(
    [Required, EmailAddress, StringLength(254)] string Email,
    [StringLength(200)] string? Name,
    [Required, StringLength(1024)] string PasswordHash);

public sealed record SetPasswordHashRequest([Required, StringLength(1024)] string PasswordHash);

public sealed record UserRecord(Guid Id, string Email, string? Name, string PasswordHash, DateTimeOffset CreatedAt);
