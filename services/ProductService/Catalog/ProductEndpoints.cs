using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.ProductService.Caching;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EShop.ProductService.Catalog;

public sealed record ProductView(long Id, string Sku, string Name, string Description, long PriceMinor, string Currency, int Stock)
{
    public static ProductView From(ProductRecord p) => new(p.Id, p.Sku, p.Name, p.Description, p.PriceMinor, p.Currency, p.Stock);
}

public sealed record ProductList(IReadOnlyList<ProductView> Items, string? NextCursor);

public static class ProductEndpoints
{
    public const int DefaultLimit = 20;

    public static RouteGroupBuilder MapProductEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/products", ListAsync)
            .WithName("ListProducts")
            .WithSummary("One page of the catalogue; pass nextCursor back as cursor for the next page.")
            .CacheOutput(ProductCaching.Policy)
            .Produces<ProductList>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ListAsync(
        HttpContext context, DbClient db, IOptions<ProductCacheOptions> cache, CancellationToken ct,
        // Not int?: for an unparsable nullable value the request delegate generator (on under Native AOT) answers a bare
        // 400 that names nothing; in this form the answer is the validation problem naming limit.
        [Range(1, 100)] int limit = DefaultLimit,
        [StringLength(1024)] string? cursor = null,
        [StringLength(200)] string? q = null)
    {
        var page = await db.ListProductsAsync(limit, cursor, q, ct);
        if (!page.IsSuccess)
            // db-service refuses a cursor it did not issue (or a bad filter) and names the field; pass that on.
            return Problems.Fields(StatusCodes.Status400BadRequest,
                page.Problem?.Errors is { Count: > 0 } errors
                    ? errors.ToDictionary()
                    : new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid."] },
                detail: page.Problem?.Detail ?? "The query is not valid.");

        var list = new ProductList([.. page.Required.Items.Select(ProductView.From)], page.Required.NextCursor);
        var body = JsonSerializer.SerializeToUtf8Bytes(list, ProductServiceJson.Default.ProductList);
        var etag = EntityTags.Strong(body);
        context.Response.Headers.ETag = etag.ToString();
        // Shared caches (the edge) may keep a page as long as this service's own output cache does; an answer to a
        // request with a bearer token stays the client's own.
        var scope = context.Request.Headers.Authorization.Count > 0 ? "private" : "public";
        context.Response.Headers.CacheControl = $"{scope}, max-age={cache.Value.TtlSeconds}";
        if (EntityTags.IfNoneMatchHits(context.Request.Headers.IfNoneMatch, etag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(body, "application/json");
    }
}
