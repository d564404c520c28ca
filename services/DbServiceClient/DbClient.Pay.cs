using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>One POST /pay's start in one call (see <see cref="BeginPaymentRequest"/>); every decision is a tagged
    /// <see cref="BeginPaymentResult"/> (Ok); Invalid only for a malformed request. Never retried: it counts the request.</summary>
    public Task<DbResult<BeginPaymentResult>> BeginPaymentAsync(BeginPaymentRequest request, CancellationToken ct = default) =>
        SendAsync<BeginPaymentResult>(HttpMethod.Post, "api/v1/pay/begin", request, ct);

    /// <summary>Records the vendor's outcome and completes (or releases) the key in one transaction. Conflict when the
    /// holder's fence is stale or the payment is past the change (<c>ProblemExtension("currentStatus")</c>,
    /// <c>ProblemExtension("refusal")</c>: stale-holder, status or transition); NotFound for an unknown payment; a failure
    /// without <c>refusal</c> (Invalid, NotFound, Conflict) when the card to save is refused: nothing changed, finish
    /// again without it.</summary>
    public Task<DbResult<FinishedPayment>> FinishPaymentAsync(FinishPaymentRequest request, CancellationToken ct = default) =>
        SendAsync<FinishedPayment>(HttpMethod.Post, "api/v1/pay/finish", request, ct);
}
