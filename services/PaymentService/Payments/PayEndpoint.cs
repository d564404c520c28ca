using System.Security.Claims;
using EShop.DbServiceClient.Authentication;
using EShop.DbServiceClient;
using EShop.PaymentService.Idempotency;
using EShop.PaymentService.Limits;

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
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> PayAsync(PayRequest request, HttpContext http, ClaimsPrincipal user,
        RequestFingerprint fingerprint, IdempotentExecution idempotency, PayLimits limits, DbClient db, CancellationToken ct)
    {
        if (!IdempotencyKeyHeader.TryRead(http.Request, out var key))
            return PaymentProblems.Field(StatusCodes.Status400BadRequest, IdempotencyKeyHeader.Name,
                $"send exactly one {IdempotencyKeyHeader.Name} header of 1 to {IdempotencyKeyHeader.MaxLength} printable ASCII characters");

        var userId = user.GetUserId();
        if (await limits.CheckRequestAsync(userId, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct) is { } limited) return limited;
        return await idempotency.RunAsync(userId, key, fingerprint.Of(request),
            (services, work) => services.GetRequiredService<PaymentProcessor>().ProcessAsync(work, request), db, ct);
    }
}
