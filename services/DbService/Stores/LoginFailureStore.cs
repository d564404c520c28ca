using EShop.DbService.Database;
using EShop.DbServiceClient.Contracts;
using Npgsql;

namespace EShop.DbService.Stores;

/// <summary>Failed logins per account, shared by every user-service replica. Emails are compared in lower case.</summary>
public sealed class LoginFailureStore(NpgsqlDataSource dataSource)
{
    /// <summary>Failures older than this are purged; longer windows make no sense.</summary>
    public const int MaxWindowSeconds = 86_400;

    public async Task<LoginFailureSummary> CountAsync(string email, int windowSeconds, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT lower(@email), count(*)::int, min(failed_at) FROM login_failures
            WHERE email = lower(@email) AND failed_at > now() - make_interval(secs => @window)
            """).With("email", email).With("window", windowSeconds);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new LoginFailureSummary(reader.GetString(0), reader.GetInt32(1), reader.GetNullable<DateTimeOffset>(2));
    }

    public async Task RecordAsync(string email, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO login_failures (email) VALUES (lower(@email))").With("email", email);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ClearAsync(string email, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM login_failures WHERE email = lower(@email)").With("email", email);
        await command.ExecuteNonQueryAsync(ct);
    }
}
