using Npgsql;

namespace EShop.DbService.Database;

internal static class CommandExtensions
{
    /// <summary>Adds a named parameter; null becomes SQL NULL.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Npgsql writes timestamptz only from UTC values.</summary>
    public static DateTimeOffset Utc(this DateTimeOffset value) => value.ToUniversalTime();

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static T? GetNullable<T>(this NpgsqlDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
