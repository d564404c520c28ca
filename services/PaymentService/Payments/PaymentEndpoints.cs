using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using EShop.DbService.Contracts;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Limits;
using EShop.ServiceDefaults;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.PaymentService.Payments;

public sealed record CancelRequest([Required] Guid? PaymentId);

/// <summary>Paying (a shopper, by bearer token) and cancelling a payment (internal callers and operators). The two routes
/// have different callers, so each carries its own policy.</summary>
public static class PaymentEndpoints
{
    public static RouteGroupBuilder MapPaymentEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/pay", PayAsync)
            .WithName("Pay")
            .WithSummary("Charge a card (new or saved) for catalogue items; requires a bearer token and an Idempotency-Key")
            // The token's form is checked here; db-service's begin resolves it with the rest of the request's start.
            .RequireBearerTokenOfIssuedForm()
            .Produces<PaymentApproved>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/cancel", CancelAsync)
            .WithName("CancelPayment")
            .WithSummary("Void/refund an approved payment (internal); repeating it answers the same")
            .RequireInternalCaller()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    // IResult, not Results<...>: most answers are stored answers replayed verbatim, whose status is known only at run time.
    private static async Task<IResult> PayAsync(PayRequest request, HttpContext http, ClaimsPrincipal user, PaymentPreparer preparer,
        RequestFingerprint fingerprint, PayLimits limits, IdempotentExecution idempotency, DbClient db, CancellationToken ct)
    {
        if (!IdempotencyKeyHeader.TryRead(http.Request, out var key))
            return Problems.Field(StatusCodes.Status400BadRequest, IdempotencyKeyHeader.Name,
                $"send exactly one {IdempotencyKeyHeader.Name} header of 1 to {IdempotencyKeyHeader.MaxLength} printable ASCII characters");

        var means = preparer.Prepare(request);
        var (card, savedCard, answer) = preparer.Describe(means);
        var begin = new BeginPaymentRequest(user.GetTokenHash(), http.Connection.RemoteIpAddress?.ToString() ?? "unknown", key, fingerprint.Of(request),
            PaymentId: null, LeaseSeconds: null, limits.Settings, request.Items!.Select(i => new OrderItem(i.ProductId, i.Quantity)).ToArray(),
            card, savedCard, answer);
        return await idempotency.RunAsync(begin,
            (services, work) => services.GetRequiredService<PaymentProcessor>().ProcessAsync(work, request, means), db, ct);
    }

    private static Task<Results<Ok<PaymentCancelled>, ProblemHttpResult, RetryLaterHttpResult>> CancelAsync(
        CancelRequest request, PaymentCanceller canceller) =>
        canceller.CancelAsync(request.PaymentId!.Value);
}
