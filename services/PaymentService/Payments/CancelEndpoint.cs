using System.ComponentModel.DataAnnotations;
using EShop.ServiceDefaults;

namespace EShop.PaymentService.Payments;

public sealed record CancelRequest([Required] Guid? PaymentId);

/// <summary>200 body of POST /cancel; the same for every cancel of the same payment.</summary>
public sealed record PaymentCancelled(Guid PaymentId, string Status, string Vendor, long AmountMinor, string Currency);

public static class CancelEndpoint
{
    public static void MapCancelEndpoint(this IEndpointRouteBuilder api) =>
        api.MapPost("/cancel", (CancelRequest request, PaymentCanceller canceller) => canceller.CancelAsync(request.PaymentId!.Value))
            .RequireInternalCaller()
            .WithSummary("Void/refund an approved payment (internal); repeating it answers the same")
            .Produces<PaymentCancelled>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
