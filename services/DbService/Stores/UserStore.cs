using System.Data;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

public sealed record PasswordChange(VersionedWrite Outcome, PasswordChanged? Changed);

public sealed class UserStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = "id, email, name, password_hash, created_at, password_version";

    /// <summary>A taken email (any case) raises the unique violation of users_email_key (409).</summary>
    public async Task<UserRecord> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO users (email, name, password_hash) VALUES (@email, @name, @hash) RETURNING {Columns}")
            .With("email", request.Email).With("name", request.Name).With("hash", request.PasswordHash);
        return (await ReadAsync(command, ct))!;
    }

    public async Task<UserRecord?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM users WHERE id = @id").With("id", id);
        return await ReadAsync(command, ct);
    }

    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM users WHERE lower(email) = lower(@email)")
            .With("email", email);
        return await ReadAsync(command, ct);
    }

    /// <summary>Sessions, cards and idempotency records go with the user (ON DELETE CASCADE).</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM users WHERE id = @id").With("id", id);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>A rehash of the same password, compare-and-set on the version: a login that verified the old password
    /// cannot write it back over a password changed meanwhile.</summary>
    public async Task<VersionedWrite> SetPasswordHashAsync(Guid id, SetPasswordHash command, CancellationToken ct)
    {
        await using var update = dataSource.CreateCommand("UPDATE users SET password_hash = @hash WHERE id = @id AND password_version = @version")
            .With("id", id).With("hash", command.PasswordHash).With("version", command.PasswordVersion);
        return await update.ExecuteNonQueryAsync(ct) == 1 ? VersionedWrite.Done : await MissOutcomeAsync(id, ct);
    }

    /// <summary>Sets a new password (compare-and-set on the version, which it bumps) and revokes every other session
    /// of the user. Two statements in one transaction, on purpose: the revoke must run with a snapshot taken after
    /// the user row is locked, so it also sees a session that a concurrent login inserted just before (that insert
    /// holds FOR SHARE on the user row, which the first UPDATE waits for).</summary>
    public async Task<PasswordChange> ChangePasswordAsync(Guid id, ChangePassword command, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var change = new NpgsqlCommand("""
            UPDATE users SET password_hash = @hash, password_version = password_version + 1
            WHERE id = @id AND password_version = @version RETURNING password_version
            """, connection, transaction).With("id", id).With("hash", command.PasswordHash).With("version", command.PasswordVersion);
        if (await change.ExecuteScalarAsync(ct) is not int version)
        {
            await transaction.RollbackAsync(ct);
            return new(await MissOutcomeAsync(id, ct), null);
        }
        await using var revoke = new NpgsqlCommand("""
            UPDATE sessions SET revoked_at = @now
            WHERE user_id = @id AND revoked_at IS NULL AND token_hash IS DISTINCT FROM @keep
            """, connection, transaction).With("id", id).With("keep", command.KeepSessionTokenHash).With("now", clock.GetUtcNow().Utc());
        var revoked = await revoke.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return new(VersionedWrite.Done, new PasswordChanged(version, revoked));
    }

    private async Task<VersionedWrite> MissOutcomeAsync(Guid id, CancellationToken ct) =>
        await FindAsync(id, ct) is null ? VersionedWrite.NotFound : VersionedWrite.Stale;

    private static async Task<UserRecord?> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new UserRecord(reader.GetGuid("id"), reader.GetString("email"), reader.GetNullableString("name"), reader.GetString("password_hash"),
            reader.GetTimestamp("created_at"), reader.GetInt32("password_version"));
    }
}
