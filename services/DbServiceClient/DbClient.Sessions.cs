using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>NotFound when the user does not exist.</summary>
    public Task<DbResult<SessionCreated>> CreateSessionAsync(CreateSessionRequest request, CancellationToken ct = default) =>
        SendAsync<SessionCreated>(HttpMethod.Post, "api/v1/session", request, ct);

    /// <summary>NotFound when the token hash is unknown, revoked or expired.</summary>
    public Task<DbResult<ResolvedSession>> ResolveSessionAsync(string tokenHash, CancellationToken ct = default) =>
        SendAsync<ResolvedSession>(HttpMethod.Post, "api/v1/session/resolve", new TokenHashRequest(tokenHash), ct);

    /// <summary>Idempotent: Ok also when the token is unknown or already revoked.</summary>
    public Task<DbResult> RevokeSessionAsync(string tokenHash, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/session/revoke", new TokenHashRequest(tokenHash), ct);
}
