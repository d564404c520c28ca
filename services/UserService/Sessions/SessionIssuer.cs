using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using Microsoft.Extensions.Options;

namespace EShop.UserService.Sessions;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Creates a bearer token; db-service keeps only its SHA-256, the absolute expiry (capped by db-service)
/// and its last use (for the idle timeout).</summary>
public sealed class SessionIssuer(DbClient db, IOptions<TokenOptions> options, TimeProvider time)
{
    /// <summary>Null when the user no longer exists, or changed the password after <paramref name="passwordVersion"/> was verified.</summary>
    public async Task<IssuedToken?> IssueAsync(Guid userId, int passwordVersion, CancellationToken ct)
    {
        var token = BearerTokens.Create();
        var expiresAt = time.GetUtcNow().AddMinutes(options.Value.LifetimeMinutes);
        var session = await db.CreateSessionAsync(new CreateSessionRequest(userId, BearerTokens.Hash(token), expiresAt, passwordVersion), ct);
        return session.IsSuccess ? new IssuedToken(token, session.Required.ExpiresAt) : null;
    }
}
