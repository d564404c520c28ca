using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.DbServiceClient.Contracts;
using Microsoft.Extensions.Options;

namespace EShop.UserService.Sessions;

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Creates a bearer token; db-service keeps only its SHA-256 and the absolute expiry.</summary>
public sealed class SessionIssuer(DbClient db, IOptions<TokenOptions> options, TimeProvider time)
{
    /// <summary>Null when the user no longer exists.</summary>
    public async Task<IssuedToken?> IssueAsync(Guid userId, CancellationToken ct)
    {
        var token = BearerTokens.Create();
        var expiresAt = time.GetUtcNow().AddMinutes(options.Value.LifetimeMinutes);
        var session = await db.CreateSessionAsync(new CreateSessionRequest(userId, BearerTokens.Hash(token), expiresAt), ct);
        return session.IsSuccess ? new IssuedToken(token, session.Required.ExpiresAt) : null;
    }
}
