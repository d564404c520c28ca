using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>Created for a new payment (status pending); Ok with the stored record when the id exists.</summary>
    public Task<DbResult<PaymentRecord>> CreatePaymentAsync(CreatePaymentRequest request, CancellationToken ct = default) =>
        SendAsync<PaymentRecord>(HttpMethod.Post, "api/v1/payment", request, ct);

    public Task<DbResult<PaymentRecord>> GetPaymentAsync(Guid id, CancellationToken ct = default) =>
        SendAsync<PaymentRecord>(HttpMethod.Get, $"api/v1/payment/{id}", null, ct);

    /// <summary>Compare-and-set along the status machine: Conflict when the current status is not one of the expected ones
    /// (read it with <c>result.ProblemExtension("currentStatus")</c>), when the machine forbids the change, or when the
    /// holder's fence is stale (<c>ProblemExtension("refusal")</c> is "stale-holder").</summary>
    public Task<DbResult<PaymentRecord>> SetPaymentStatusAsync(Guid id, SetPaymentStatusRequest request, CancellationToken ct = default) =>
        SendAsync<PaymentRecord>(HttpMethod.Put, $"api/v1/payment/{id}/status", request, ct);

    /// <summary>Payments still pending <paramref name="olderThanSeconds"/> after creation whose key's lease has ended, oldest first.</summary>
    public Task<DbResult<IReadOnlyList<PaymentRecord>>> ListPendingPaymentsAsync(int olderThanSeconds, int limit, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<PaymentRecord>>(HttpMethod.Get, $"api/v1/payment/pending?olderThanSeconds={olderThanSeconds}&limit={limit}", null, ct);
}
