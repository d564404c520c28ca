using EShop.DbService.Stores;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.DbService.Endpoints;

/// <summary>The expected error answers of the routes, as problem+json.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found");

    /// <summary>A 404 or 409 whose errors name the field it is about.</summary>
    public static ProblemHttpResult Field(int status, string field, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>409 for a refused payment status change, with <c>currentStatus</c> and <c>refusal</c> (status, transition,
    /// stale-holder) as members the caller reads.</summary>
    public static ProblemHttpResult StatusNotChanged(PaymentStatus current, PaymentStatus target, string refusal) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Payment status not changed",
            detail: refusal switch
            {
                "transition" => $"The status machine does not allow {PaymentStatuses.ToDb(current)} → {PaymentStatuses.ToDb(target)}.",
                "stale-holder" => "Only the current holder of the payment's idempotency key (its latest fence) may settle a pending payment.",
                _ => $"The payment is {PaymentStatuses.ToDb(current)}, not one of the expected statuses.",
            },
            extensions: new Dictionary<string, object?> { ["currentStatus"] = PaymentStatuses.ToDb(current), ["refusal"] = refusal });
}
