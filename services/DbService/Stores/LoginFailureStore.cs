using EShop.DbService.Database;
using EShop.DbServiceClient.Contracts;
using Npgsql;

namespace EShop.DbService.Stores;

/// <summary>Login attempts per account and client, shared by every user-service replica. Emails are compared in
/// lower case. The reservation is the database function reserve_login_attempt (migration 0005), one statement.</summary>
public sealed class LoginFailureStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>Attempts older than this are purged; longer windows make no sense.</summary>
    public const int MaxWindowSeconds = LoginAttemptLimits.MaxWindowSeconds;

    public async Task<LoginAttemptReservation> ReserveAsync(ReserveLoginAttemptRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT attempt_id, retry_after_seconds
            FROM reserve_login_attempt(lower(@email), @client, @now, @window, @shared, @free, @base, @max)
            """)
            .With("email", request.Email).With("client", request.Client).With("now", clock.GetUtcNow().Utc())
            .With("window", request.WindowSeconds!.Value).With("shared", request.SharedFailureLimit!.Value)
            .With("free", request.FreeFailures!.Value).With("base", request.DelayBaseSeconds!.Value).With("max", request.DelayMaxSeconds!.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull(0)
            ? new LoginAttemptReservation(false, Math.Max(reader.GetDouble(1), 0))
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
