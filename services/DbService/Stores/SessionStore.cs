using System.Data;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
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

    /// <summary>Null when the token is unknown, revoked, expired or idle too long.</summary>
    public async Task<ResolvedSession?> ResolveAsync(string tokenHash, CancellationToken ct)
    {
        await using var command = Live(dataSource.CreateCommand($"{LiveSessionSql} SELECT user_id, email, expires_at FROM live"), tokenHash);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ResolvedSession(reader.GetGuid("user_id"), reader.GetString("email"), reader.GetTimestamp("expires_at"));
    }

    /// <summary>The CTE <c>live</c> (token_hash, user_id, email, expires_at) of the session with the token hash @hash that
    /// resolves now, for a statement to select from (<see cref="Live"/> sets its parameters). It slides the session's last
    /// use to now only when that is older than one step, 1/30 of the idle timeout (a minute of 30): the requests of a busy
    /// session read its row instead of queueing on its row lock, and the idle timeout holds to within one step. The slide
    /// re-checks the row it updates, so it cannot resurrect a session revoked meanwhile; a request whose read came before a
    /// concurrent revoke's commit is one that came before the logout.</summary>
    internal const string LiveSessionSql = """
        WITH live AS (
            SELECT s.token_hash, s.user_id, u.email, s.expires_at, s.last_used_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = @hash AND s.revoked_at IS NULL
              AND s.expires_at > @now AND s.last_used_at > @now - make_interval(mins => @idle)),
        slid AS (
            UPDATE sessions s SET last_used_at = @now
            FROM live
            WHERE s.token_hash = live.token_hash AND live.last_used_at < @now - make_interval(secs => @step)
              AND s.revoked_at IS NULL AND s.last_used_at < @now)
        """;

    internal NpgsqlCommand Live(NpgsqlCommand command, string tokenHash)
    {
        var idle = options.Value.IdleTimeoutMinutes;
        return command.With("hash", tokenHash).With("now", clock.GetUtcNow().Utc()).With("idle", idle).With("step", idle * 60 / 30);
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
