using System.Security.Claims;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Authentication;
using EShop.DbService.Contracts;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Limits;

namespace EShop.PaymentService.Payments;

public static class PayEndpoint
{
    public static void MapPayEndpoint(this IEndpointRouteBuilder api) =>
        api.MapPost("/pay", PayAsync)
            // The token's form is checked here; db-service's begin resolves it with the rest of the request's start.
            .RequireBearerTokenOfIssuedForm()
            .WithSummary("Charge a card (new or saved) for catalogue items; requires a bearer token and an Idempotency-Key")
            .Produces<PaymentApproved>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> PayAsync(PayRequest request, HttpContext http, ClaimsPrincipal user, PaymentPreparer preparer,
        RequestFingerprint fingerprint, PayLimits limits, IdempotentExecution idempotency, DbClient db, CancellationToken ct)
    {
        if (!IdempotencyKeyHeader.TryRead(http.Request, out var key))
            return PaymentProblems.Field(StatusCodes.Status400BadRequest, IdempotencyKeyHeader.Name,
                $"send exactly one {IdempotencyKeyHeader.Name} header of 1 to {IdempotencyKeyHeader.MaxLength} printable ASCII characters");

        var means = preparer.Prepare(request);
        var (card, savedCard, answer) = preparer.Describe(means);
        var begin = new BeginPaymentRequest(user.GetTokenHash(), http.Connection.RemoteIpAddress?.ToString() ?? "unknown", key, fingerprint.Of(request),
            PaymentId: null, LeaseSeconds: null, limits.Settings, request.Items!.Select(i => new OrderItem(i.ProductId, i.Quantity)).ToArray(),
            card, savedCard, answer);
        return await idempotency.RunAsync(begin,
            (services, work) => services.GetRequiredService<PaymentProcessor>().ProcessAsync(work, request, means), db, ct);
    }
}
