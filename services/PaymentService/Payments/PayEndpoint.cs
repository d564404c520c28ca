using System.Security.Claims;
using EShop.DbServiceClient.Authentication;
using EShop.PaymentService.Idempotency;

namespace EShop.PaymentService.Payments;

public static class PayEndpoint
{
    public static void MapPayEndpoint(this IEndpointRouteBuilder api) =>
        api.MapPost("/pay", PayAsync)
            .RequireBearerToken()
            .WithSummary("Charge a card (new or saved) for catalogue items; requires a bearer token and an Idempotency-Key")
            .Produces<PaymentApproved>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> PayAsync(PayRequest request, HttpContext http, ClaimsPrincipal user,
        RequestFingerprint fingerprint, IdempotentExecution idempotency, PaymentProcessor processor, CancellationToken ct)
    {
        if (!IdempotencyKeyHeader.TryRead(http.Request, out var key))
            return PaymentProblems.Field(StatusCodes.Status400BadRequest, IdempotencyKeyHeader.Name,
                $"send exactly one {IdempotencyKeyHeader.Name} header of 1 to {IdempotencyKeyHeader.MaxLength} printable ASCII characters");

        var userId = user.GetUserId();
        return await idempotency.RunAsync(userId, key, fingerprint.Of(request),
            paymentId => processor.ProcessAsync(paymentId, userId, request), ct);
    }
}
