using System.Data;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

/// <summary>Login attempts per account and client, shared by every user-service replica. Emails are compared in
/// lower case. The reservation is the database function reserve_login_attempt (migration 0005), one statement.</summary>
public sealed class LoginFailureStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>Attempts older than this are purged; longer windows make no sense.</summary>
    public const int MaxWindowSeconds = LoginAttemptLimits.MaxWindowSeconds;

    public async Task<LoginAttemptReservation> ReserveAsync(ReserveLoginAttempt attempt, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT attempt_id, retry_after_seconds
            FROM reserve_login_attempt(lower(@email), @client, @now, @window, @shared, @free, @base, @max)
            """)
            .With("email", attempt.Email).With("client", attempt.Client).With("now", clock.GetUtcNow().Utc())
            .With("window", attempt.WindowSeconds).With("shared", attempt.SharedFailureLimit)
            .With("free", attempt.FreeFailures).With("base", attempt.DelayBaseSeconds).With("max", attempt.DelayMaxSeconds);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull("attempt_id")
            ? new LoginAttemptReservation(false, Math.Max(reader.GetDouble("retry_after_seconds"), 0))
            : new LoginAttemptReservation(true, null);
    }

    /// <summary>Forgets the client's attempts on the account: the reserved one was no failure, and a client that
    /// knows the password owes no delay.</summary>
    public async Task SucceededAsync(LoginSucceededRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM login_failures WHERE email = lower(@email) AND client = @client")
            .With("email", request.Email).With("client", request.Client);
        await command.ExecuteNonQueryAsync(ct);
    }
}
