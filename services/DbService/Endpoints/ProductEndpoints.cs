using System.ComponentModel.DataAnnotations;
using System.Globalization;
using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class ProductEndpoints
{
    private const int MaxIds = 100;

    public static RouteGroupBuilder MapProductEndpoints(this RouteGroupBuilder api)
    {
        var products = api.MapGroup("/product").WithTags("Products");
        products.MapPost("", Create).ProducesProblem(StatusCodes.Status409Conflict);
        products.MapGet("", List);
        products.MapGet("/{id}", Find).ProducesProblem(StatusCodes.Status404NotFound);
        products.MapDelete("/{id}", Delete).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Created<ProductRecord>> Create(CreateProductRequest request, ProductStore store, CancellationToken ct)
    {
        var product = await store.CreateAsync(request.ToCommand(), ct);
        return TypedResults.Created($"/api/v1/product/{product.Id}", product);
    }

    /// <summary>Either exactly the listed <paramref name="ids"/>, or a keyset page (optionally filtered by <paramref name="q"/>).</summary>
    private static async Task<Results<Ok<ProductPage>, ProblemHttpResult>> List(
        ProductStore store, CancellationToken ct,
        [Range(1, 100)] int limit = 20, [StringLength(64)] string? cursor = null, [StringLength(200)] string? q = null, string? ids = null)
    {
        if (ids is not null)
        {
            if (!TryParseIds(ids, out var idList))
                return Problems.Field(StatusCodes.Status400BadRequest, "ids", $"Expected 1 to {MaxIds} comma-separated product ids.");
            return TypedResults.Ok(new ProductPage(await store.FindManyAsync(idList, ct), null));
        }
        long? afterId = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!ProductCursor.TryDecode(cursor, out var lastId))
                return Problems.Field(StatusCodes.Status400BadRequest, "cursor", "Not a cursor this service issued: pass back nextCursor unchanged.");
            afterId = lastId;
        }
        return TypedResults.Ok(await store.ListAsync(limit, afterId, q, ct));
    }

    private static async Task<Results<Ok<ProductRecord>, ProblemHttpResult>> Find(long id, ProductStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } product ? TypedResults.Ok(product) : Problems.NotFound("Product");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, ProductStore store, CancellationToken ct) =>
        await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("Product");

    private static bool TryParseIds(string text, out IReadOnlyCollection<long> ids)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var parsed = new HashSet<long>();
        foreach (var part in parts)
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) parsed.Add(id);
            else break;
        ids = parsed;
        return parts.Length <= MaxIds && parsed.Count == parts.Distinct().Count();
    }
}
