using EShop.DbService.Stores;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

/// <summary>payment-service's two calls per payment: begin (session, counters, the fenced claim, limits, prices and the
/// pending payment; every decision a tagged 200) and finish (the vendor's outcome and the key's completion or release
/// under the holder's fence; 409 naming the refusal for a stale holder).</summary>
public static class PayEndpoints
{
    public static void MapPayEndpoints(this RouteGroupBuilder api)
    {
        var pay = api.MapGroup("/pay").WithTags("Payments");
        pay.MapPost("/begin", Begin);
        pay.MapPost("/finish", Finish).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<BeginPaymentResult>> Begin(BeginPaymentRequest request, PayBeginStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.BeginAsync(request, ct));

    private static async Task<Results<Ok<FinishedPayment>, ProblemHttpResult>> Finish(FinishPaymentRequest request, PayFinishStore store, CancellationToken ct) =>
        await store.FinishAsync(request, ct) switch
        {
            PaymentFinish.Done done => TypedResults.Ok(done.Payment),
            PaymentFinish.Refused refused => ApiProblems.StatusNotChanged(refused.CurrentStatus, request.Status!.Value, refused.Refusal),
            _ => ApiProblems.NotFound("Payment"),
        };
}
