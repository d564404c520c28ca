using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.ServiceDefaults.Health;

namespace EShop.ServiceDefaults.Json;

/// <summary>Source-generated JSON for what the shared defaults write themselves (Native AOT has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthReportBody))]
public sealed partial class ServiceDefaultsJson : JsonSerializerContext;
