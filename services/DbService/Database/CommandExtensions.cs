using System.Data;
using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace EShop.DbService.Database;

internal static class CommandExtensions
{
    /// <summary>Adds a typed parameter (its PostgreSQL type follows <typeparamref name="T"/>); null becomes SQL NULL.</summary>
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }

    /// <inheritdoc cref="With{T}(NpgsqlCommand, string, T)"/>
    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, string name, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T>(name, value));
        return command;
    }

    /// <summary>Adds a json parameter holding <paramref name="value"/> as it was received.</summary>
    public static NpgsqlCommand WithJson(this NpgsqlCommand command, string name, JsonElement value)
    {
        command.Parameters.Add(new NpgsqlParameter<string>(name, NpgsqlDbType.Json) { TypedValue = value.GetRawText() });
        return command;
    }

    /// <summary>Npgsql writes timestamptz only from UTC values.</summary>
    public static DateTimeOffset Utc(this DateTimeOffset value) => value.ToUniversalTime();

    public static string? GetNullableString(this DbDataReader reader, string column) =>
        reader.IsDBNull(column) ? null : reader.GetString(column);

    public static T? GetNullable<T>(this DbDataReader reader, string column) where T : struct =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<T>(column);

    public static DateTimeOffset GetTimestamp(this DbDataReader reader, string column) => reader.GetFieldValue<DateTimeOffset>(column);
}
