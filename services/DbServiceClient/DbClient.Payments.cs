using EShop.DbServiceClient.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>Created for a new payment (status pending); Ok with the stored record when the id exists.</summary>
    public Task<DbResult<PaymentRecord>> CreatePaymentAsync(CreatePaymentRequest request, CancellationToken ct = default) =>
        SendAsync<PaymentRecord>(HttpMethod.Post, "api/v1/payment", request, ct);

    public Task<DbResult<PaymentRecord>> GetPaymentAsync(Guid id, CancellationToken ct = default) =>
        SendAsync<PaymentRecord>(HttpMethod.Get, $"api/v1/payment/{id}", null, ct);

    /// <summary>Compare-and-set: Conflict when the current status is not one of the expected ones
    /// (read it with <c>result.ProblemExtension("currentStatus")</c>).</summary>
    public Task<DbResult<PaymentRecord>> SetPaymentStatusAsync(Guid id, SetPaymentStatusRequest request, CancellationToken ct = default) =>
        SendAsync<PaymentRecord>(HttpMethod.Put, $"api/v1/payment/{id}/status", request, ct);
}
