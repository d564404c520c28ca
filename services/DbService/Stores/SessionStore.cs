using EShop.DbService.Database;
using EShop.DbServiceClient.Contracts;
using Npgsql;

namespace EShop.DbService.Stores;

public sealed class SessionStore(NpgsqlDataSource dataSource)
{
    /// <summary>An unknown user raises the foreign-key violation (404); a reused token hash the key violation (409).</summary>
    public async Task<SessionCreated> CreateAsync(CreateSessionRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (@hash, @user, @expires)
            RETURNING user_id, expires_at
            """).With("hash", request.TokenHash).With("user", request.UserId!.Value).With("expires", request.ExpiresAt!.Value.Utc());
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new SessionCreated(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Null when the token is unknown, revoked or expired.</summary>
    public async Task<ResolvedSession?> ResolveAsync(string tokenHash, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT s.user_id, u.email, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = @hash AND s.revoked_at IS NULL AND s.expires_at > now()
            """).With("hash", tokenHash);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ResolvedSession(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>Idempotent: an unknown or already revoked token is fine.</summary>
    public async Task RevokeAsync(string tokenHash, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE sessions SET revoked_at = now() WHERE token_hash = @hash AND revoked_at IS NULL").With("hash", tokenHash);
        await command.ExecuteNonQueryAsync(ct);
    }
}
