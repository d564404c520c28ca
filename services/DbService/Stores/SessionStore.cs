using System.Data;
using EShop.DbService.Database;
using EShop.DbService.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EShop.DbService.Stores;

public sealed record SessionCreation(VersionedWrite Outcome, SessionCreated? Session);

/// <summary>Sessions by token hash. Times come from the service's <see cref="TimeProvider"/> so tests can move the clock.</summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, IOptions<SessionLimits> options, TimeProvider clock)
{
    /// <summary>Stale when the user's password changed after the login verified it. FOR SHARE waits for (or blocks)
    /// a concurrent password change, so the change either refuses this session or sees and revokes it. A reused
    /// token hash raises the key violation (409).</summary>
    public async Task<SessionCreation> CreateAsync(CreateSession session, CancellationToken ct)
    {
        var now = clock.GetUtcNow().Utc();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO sessions (token_hash, user_id, created_at, last_used_at, expires_at)
            SELECT @hash, u.id, @now, @now, least(@expires, @now + make_interval(mins => @lifetime))
            FROM users u WHERE u.id = @user AND u.password_version = @version
            FOR SHARE
            RETURNING user_id, expires_at
            """)
            .With("hash", session.TokenHash).With("user", session.UserId).With("expires", session.ExpiresAt.Utc())
            .With("version", session.PasswordVersion).With("now", now).With("lifetime", options.Value.MaxLifetimeMinutes);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
                return new(VersionedWrite.Done, new SessionCreated(reader.GetGuid("user_id"), reader.GetTimestamp("expires_at")));
        }
        await using var exists = dataSource.CreateCommand("SELECT 1 FROM users WHERE id = @user").With("user", session.UserId);
        return new(await exists.ExecuteScalarAsync(ct) is null ? VersionedWrite.NotFound : VersionedWrite.Stale, null);
    }

    /// <summary>Null when the token is unknown, revoked, expired or idle too long; otherwise its last use slides to
    /// now in the same statement, so concurrent requests and a concurrent revoke cannot resurrect it.</summary>
    public async Task<ResolvedSession?> ResolveAsync(string tokenHash, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE sessions s SET last_used_at = greatest(s.last_used_at, @now)
            FROM users u
            WHERE s.token_hash = @hash AND u.id = s.user_id AND s.revoked_at IS NULL
              AND s.expires_at > @now AND s.last_used_at > @now - make_interval(mins => @idle)
            RETURNING s.user_id, u.email, s.expires_at
            """).With("hash", tokenHash).With("now", clock.GetUtcNow().Utc()).With("idle", options.Value.IdleTimeoutMinutes);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ResolvedSession(reader.GetGuid("user_id"), reader.GetString("email"), reader.GetTimestamp("expires_at"));
    }

    /// <summary>Idempotent: an unknown or already revoked token is fine.</summary>
    public async Task RevokeAsync(string tokenHash, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE sessions SET revoked_at = @now WHERE token_hash = @hash AND revoked_at IS NULL")
            .With("hash", tokenHash).With("now", clock.GetUtcNow().Utc());
        await command.ExecuteNonQueryAsync(ct);
    }
}
