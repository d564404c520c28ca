using System.Text.Json;
using System.Text.Json.Serialization;
using EShop.ProductService.Catalog;

namespace EShop.ProductService;

/// <summary>The body product-service writes, source-generated (Native AOT has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProductList))]
public sealed partial class ProductServiceJson : JsonSerializerContext;
