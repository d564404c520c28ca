using System.ComponentModel.DataAnnotations;

namespace EShop.ProductService.Caching;

public sealed class ProductCacheOptions
{
    public const string Section = "ProductCache";

    /// <summary>How long a catalogue page is served from the output cache (env ProductCache__TtlSeconds).
    /// Short on purpose: price and stock changes show up within this time, no invalidation needed.</summary>
    [Range(1, 300)]
    public int TtlSeconds { get; set; } = 10;
}
