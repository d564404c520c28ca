using System.ComponentModel.DataAnnotations;
using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

public static class PaymentEndpoints
{
    public static RouteGroupBuilder MapPaymentEndpoints(this RouteGroupBuilder api)
    {
        var payments = api.MapGroup("/payment").WithTags("Payments");
        payments.MapPost("", Create);
        payments.MapGet("/pending", ListPending);
        payments.MapGet("/{id}", Find).ProducesProblem(StatusCodes.Status404NotFound);
        payments.MapPut("/{id}/status", SetStatus).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>201 for a new payment; 200 with the stored record when the id exists (safe to retry).</summary>
    private static async Task<Results<Created<PaymentRecord>, Ok<PaymentRecord>>> Create(CreatePaymentRequest request, PaymentStore store, CancellationToken ct)
    {
        var (payment, created) = await store.CreateAsync(request.ToCommand(), ct);
        return created ? TypedResults.Created($"/api/v1/payment/{payment.Id}", payment) : TypedResults.Ok(payment);
    }

    private static async Task<Results<Ok<PaymentRecord>, ProblemHttpResult>> Find(Guid id, PaymentStore store, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } payment ? TypedResults.Ok(payment) : Problems.NotFound("Payment");

    private static async Task<Results<Ok<PaymentRecord>, ProblemHttpResult>> SetStatus(
        Guid id, SetPaymentStatusRequest request, PaymentStore store, CancellationToken ct)
    {
        var change = request.ToCommand();
        return await store.SetStatusAsync(id, change, ct) switch
        {
            StatusChange.Changed changed => TypedResults.Ok(changed.Payment),
            StatusChange.Refused refused => StatusNotChanged(refused.CurrentStatus, change.Status, refused.Refusal),
            _ => Problems.NotFound("Payment"),
        };
    }

    private static async Task<Ok<IReadOnlyList<PaymentRecord>>> ListPending(
        [Range(0, 86_400 * 30)] int olderThanSeconds, PaymentStore store, CancellationToken ct, [Range(1, 500)] int limit = 50) =>
        TypedResults.Ok(await store.ListPendingAsync(olderThanSeconds, limit, ct));

    /// <summary>409 for a refused payment status change, with <c>currentStatus</c> and <c>refusal</c> (status, transition,
    /// stale-holder) as members the caller reads (<c>DbResult.ProblemExtension</c>).</summary>
    internal static ProblemHttpResult StatusNotChanged(PaymentStatus current, PaymentStatus target, string refusal) =>
        Problems.Status(StatusCodes.Status409Conflict, "Payment status not changed",
            refusal switch
            {
                "transition" => $"The status machine does not allow {PaymentStatuses.ToDb(current)} → {PaymentStatuses.ToDb(target)}.",
                "stale-holder" => "Only the current holder of the payment's idempotency key (its latest fence) may settle a pending payment.",
                _ => $"The payment is {PaymentStatuses.ToDb(current)}, not one of the expected statuses.",
            },
            new Dictionary<string, object?> { ["currentStatus"] = PaymentStatuses.ToDb(current), ["refusal"] = refusal });
}
