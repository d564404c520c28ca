using System.ComponentModel.DataAnnotations;
using EShop.DbService.Stores;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class PaymentEndpoints
{
    public static void MapPaymentEndpoints(this RouteGroupBuilder api)
    {
        var payments = api.MapGroup("/payment").WithTags("Payments");
        payments.MapPost("", Create);
        payments.MapGet("/pending", ListPending);
        payments.MapGet("/{id}", Find).ProducesProblem(StatusCodes.Status404NotFound);
        payments.MapPut("/{id}/status", SetStatus).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>201 for a new payment; 200 with the stored record when the id exists (safe to retry).</summary>
    private static async Task<Results<Created<PaymentRecord>, Ok<PaymentRecord>>> Create(CreatePaymentRequest request, PaymentStore store, CancellationToken ct)
    {
        var (payment, created) = await store.CreateAsync(request, ct);
        return created ? TypedResults.Created($"/api/v1/payment/{payment.Id}", payment) : TypedResults.Ok(payment);
    }

    private static async Task<Results<Ok<PaymentRecord>, ProblemHttpResult>> Find(Guid id, PaymentStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } payment ? TypedResults.Ok(payment) : ApiProblems.NotFound("Payment");

    private static async Task<Results<Ok<PaymentRecord>, ProblemHttpResult>> SetStatus(
        Guid id, SetPaymentStatusRequest request, PaymentStore store, CancellationToken ct) =>
        await store.SetStatusAsync(id, request, ct) switch
        {
            StatusChange.Changed changed => TypedResults.Ok(changed.Payment),
            StatusChange.Refused refused => ApiProblems.StatusNotChanged(refused.CurrentStatus, request.Status!.Value, refused.Refusal),
            _ => ApiProblems.NotFound("Payment"),
        };

    private static async Task<Ok<IReadOnlyList<PaymentRecord>>> ListPending(
        [Range(0, 86_400 * 30)] int olderThanSeconds, PaymentStore store, CancellationToken ct, [Range(1, 500)] int limit = 50) =>
        TypedResults.Ok(await store.ListPendingAsync(olderThanSeconds, limit, ct));
}
