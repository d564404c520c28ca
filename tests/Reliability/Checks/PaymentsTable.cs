using Npgsql;

namespace EShop.Reliability.Checks;

/// <summary>Reads the payments table directly (the suite's view of what the shop recorded).</summary>
public static class PaymentsTable
{
    public static async Task<IReadOnlyDictionary<Guid, string>> StatusesAsync(string connectionString)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, status FROM payments", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new Dictionary<Guid, string>();
        while (await reader.ReadAsync()) statuses[reader.GetGuid(0)] = reader.GetString(1);
        return statuses;
    }

    /// <summary>A fresh connection every time: a pooled one would be dead after the PostgreSQL restart scenario.</summary>
    public static NpgsqlConnection Unpooled(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
}
