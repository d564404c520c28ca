using EShop.DbService.Database;
using EShop.DbServiceClient.Contracts;
using Npgsql;

namespace EShop.DbService.Stores;

public sealed class UserStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, email, name, password_hash, created_at";

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

    public async Task<bool> SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE users SET password_hash = @hash WHERE id = @id")
            .With("id", id).With("hash", passwordHash);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    private static async Task<UserRecord?> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new UserRecord(reader.GetGuid(0), reader.GetString(1), reader.GetNullableString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4));
    }
}
