using System.ComponentModel.DataAnnotations;

namespace EShop.DbServiceClient.Contracts;

public sealed record CreateSessionRequest(
    [Required] Guid? UserId,
    [Required, RegularExpression(TokenHashFormat.Pattern)] string TokenHash,
    [Required] DateTimeOffset? ExpiresAt);

public sealed record SessionCreated(Guid UserId, DateTimeOffset ExpiresAt);

public sealed record TokenHashRequest([Required, RegularExpression(TokenHashFormat.Pattern)] string TokenHash);

public sealed record ResolvedSession(Guid UserId, string Email, DateTimeOffset ExpiresAt);
