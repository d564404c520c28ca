using System.Text.Json;
using System.Text.Json.Serialization;

namespace EShop.ServiceDefaults.Problems;

/// <summary>Refuses JSON strings holding U+0000: PostgreSQL cannot store it in text, so it would fail deep
/// inside a call chain; refused at the edge of each service it is a 400 naming the field.</summary>
public sealed class NoNulStrings : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && value.Contains('\0'))
            throw new JsonException("NUL characters (\\u0000) are not accepted in strings.");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // Source-generated metadata (Native AOT) also asks this converter for dictionary keys, e.g. a problem's errors.
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => Read(ref reader, typeToConvert, options) ?? "";

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}
