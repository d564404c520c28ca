using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>Conflict when the SKU exists.</summary>
    public Task<DbResult<ProductRecord>> CreateProductAsync(CreateProductRequest request, CancellationToken ct = default) =>
        SendAsync<ProductRecord>(HttpMethod.Post, "api/v1/product", request, ct);

    /// <summary>One page by id order; <paramref name="query"/> filters name, description and SKU (case-insensitive).</summary>
    public Task<DbResult<ProductPage>> ListProductsAsync(int limit = 20, string? cursor = null, string? query = null, CancellationToken ct = default)
    {
        var uri = $"api/v1/product?limit={limit}";
        if (!string.IsNullOrEmpty(cursor)) uri += $"&cursor={Escape(cursor)}";
        if (!string.IsNullOrEmpty(query)) uri += $"&q={Escape(query)}";
        return SendAsync<ProductPage>(HttpMethod.Get, uri, null, ct);
    }

    /// <summary>Exactly the products of <paramref name="ids"/> that exist (at most 100 ids), no paging.</summary>
    public Task<DbResult<ProductPage>> GetProductsAsync(IEnumerable<long> ids, CancellationToken ct = default) =>
        SendAsync<ProductPage>(HttpMethod.Get, $"api/v1/product?ids={string.Join(',', ids)}", null, ct);

    public Task<DbResult<ProductRecord>> GetProductAsync(long id, CancellationToken ct = default) =>
        SendAsync<ProductRecord>(HttpMethod.Get, $"api/v1/product/{id}", null, ct);

    public Task<DbResult> DeleteProductAsync(long id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/product/{id}", null, ct);
}
