using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>NotFound when the user does not exist; Invalid when a value looks like a card number.</summary>
    public Task<DbResult<CardRecord>> CreateCardAsync(CreateCardRequest request, CancellationToken ct = default) =>
        SendAsync<CardRecord>(HttpMethod.Post, "api/v1/creditcard", request, ct);

    public Task<DbResult<IReadOnlyList<CardRecord>>> ListCardsAsync(Guid userId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<CardRecord>>(HttpMethod.Get, $"api/v1/creditcard?userId={userId}", null, ct);

    public Task<DbResult<CardRecord>> GetCardAsync(Guid id, CancellationToken ct = default) =>
        SendAsync<CardRecord>(HttpMethod.Get, $"api/v1/creditcard/{id}", null, ct);

    public Task<DbResult> DeleteCardAsync(Guid id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/creditcard/{id}", null, ct);
}
