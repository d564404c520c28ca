using System.Text.Json;
using System.Text.Json.Serialization;

namespace EShop.Catalog;

/// <summary>Source-generated reader of services/catalog.json (the services load it at start, also under Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ServiceCatalog))]
internal sealed partial class CatalogJson : JsonSerializerContext;
