using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

/// <summary>payment-service's two calls per payment: begin (session, counters, the fenced claim, limits, prices and the
/// pending payment; every decision a tagged 200) and finish (the vendor's outcome and the key's completion or release
/// under the holder's fence; 409 naming the refusal for a stale holder).</summary>
public static class PayEndpoints
{
    public static RouteGroupBuilder MapPayEndpoints(this RouteGroupBuilder api)
    {
        var pay = api.MapGroup("/pay").WithTags("Payments");
        pay.MapPost("/begin", Begin);
        pay.MapPost("/finish", Finish).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Ok<BeginPaymentResult>> Begin(BeginPaymentRequest request, PayBeginStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.BeginAsync(request.ToCommand(), ct));

    private static async Task<Results<Ok<FinishedPayment>, ProblemHttpResult>> Finish(FinishPaymentRequest request, PayFinishStore store, CancellationToken ct)
    {
        var finish = request.ToCommand();
        return await store.FinishAsync(finish, ct) switch
        {
            PaymentFinish.Done done => TypedResults.Ok(done.Payment),
            PaymentFinish.Refused refused => PaymentEndpoints.StatusNotChanged(refused.CurrentStatus, finish.Status, refused.Refusal),
            _ => Problems.NotFound("Payment"),
        };
    }
}
