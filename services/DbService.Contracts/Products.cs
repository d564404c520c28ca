using System.ComponentModel.DataAnnotations;

namespace EShop.DbService.Contracts;

public sealed record CreateProductRequest(
    [Required, StringLength(64, MinimumLength = 1)] string Sku,
    [Required, StringLength(200, MinimumLength = 1)] string Name,
    [Required(AllowEmptyStrings = true), StringLength(4000)] string Description,
    [Required, Range(0, long.MaxValue)] long? PriceMinor,
    [Required, RegularExpression(CurrencyFormat.Pattern)] string Currency,
    [Required, Range(0, int.MaxValue)] int? Stock);

public sealed record ProductRecord(
    long Id, string Sku, string Name, string Description, long PriceMinor, string Currency, int Stock, DateTimeOffset UpdatedAt);

/// <summary>One page of the catalogue; pass <see cref="NextCursor"/> back to get the next one (null: last page).</summary>
public sealed record ProductPage(IReadOnlyList<ProductRecord> Items, string? NextCursor);
