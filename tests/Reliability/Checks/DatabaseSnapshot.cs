using System.Text.Json;
using Npgsql;

namespace EShop.Reliability.Checks;

/// <summary>Every row of every table in the public schema, as JSON text, to tell exactly which rows a run added or removed.</summary>
public sealed class DatabaseSnapshot
{
    private readonly Dictionary<string, HashSet<string>> _tables;

    private DatabaseSnapshot(Dictionary<string, HashSet<string>> tables) => _tables = tables;

    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = PaymentsTable.Unpooled(connectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        // Rate counters count every request, hostile ones included, and every authenticated request slides its session's
        // idle deadline: bookkeeping, not the shop's data.
        names.Remove("rate_counters");

        var tables = new Dictionary<string, HashSet<string>>();
        foreach (var name in names)
        {
            var rows = new HashSet<string>();
            // The name comes from the catalog query above, quoted as an identifier.
            var row = name == "sessions" ? "to_jsonb(t) - 'last_used_at'" : "to_jsonb(t)";
            await using var select = new NpgsqlCommand($"SELECT ({row})::text FROM \"{name.Replace("\"", "\"\"")}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
            tables[name] = rows;
        }
        return new DatabaseSnapshot(tables);
    }

    public int RowCount => _tables.Values.Sum(t => t.Count);

    public sealed record TableDiff(string Table, IReadOnlyList<JsonElement> Added, IReadOnlyList<JsonElement> Removed);

    /// <summary>Rows added and removed per table since <paramref name="before"/> (a changed row is one of each).</summary>
    public IReadOnlyList<TableDiff> Since(DatabaseSnapshot before) =>
        _tables.Keys.Union(before._tables.Keys).Order().Select(table =>
        {
            var now = _tables.GetValueOrDefault(table) ?? [];
            var then = before._tables.GetValueOrDefault(table) ?? [];
            return new TableDiff(table, Parse(now.Except(then)), Parse(then.Except(now)));
        }).Where(d => d.Added.Count > 0 || d.Removed.Count > 0).ToList();

    private static List<JsonElement> Parse(IEnumerable<string> rows) => rows.Select(r => JsonDocument.Parse(r).RootElement.Clone()).ToList();
}
