using EShop.ServiceDefaults.Problems;
using EShop.VendorSimulator.Charges;
using EShop.VendorSimulator.Faults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EShop.VendorSimulator.Api;

/// <summary>The card processor API the payment adapters call: one shape for every vendor, the vendor
/// being the first path segment (e.g. /v1/visa/charges).</summary>
public static class VendorEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string VendorSegment = "{vendor:regex(^[a-z][a-z0-9-]{{0,31}}$)}";

    /// <summary>Maps on the <c>/v1/{vendor}</c> group (<see cref="VendorSegment"/>).</summary>
    public static RouteGroupBuilder MapVendorEndpoints(this RouteGroupBuilder vendor)
    {
        vendor.MapPost("/charges", ChargeAsync);
        vendor.MapGet("/charges", FindAsync);
        vendor.MapPost("/charges/{chargeId}/void", VoidAsync);
        return vendor;
    }

    private static async Task<Results<Ok<ChargeAnswer>, ProblemHttpResult>> ChargeAsync(
        string vendor, ChargeRequest request, HttpContext http, ChargeLedger ledger, FaultInjector faults,
        IOptions<SimulatorOptions> options, ILogger<ChargeLedger> logger, CancellationToken aborted)
    {
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length is 0 or > 255)
            return Problems.Field(StatusCodes.Status400BadRequest, IdempotencyHeader,
                "send 1 to 255 characters", "Idempotency-Key required");
        if ((request.Card is null) == (request.CardToken is null))
            return Problems.Field(StatusCodes.Status400BadRequest, "card", "send exactly one of card and cardToken",
                "Card or token required");

        ledger.CountAttempt(vendor);
        var fault = faults.Take(vendor);
        if (fault is { Mode: FaultMode.Fail or FaultMode.Error } && fault.Delay > TimeSpan.Zero) await Task.Delay(fault.Delay, aborted);
        if (fault?.Mode == FaultMode.Fail) return NotProcessed();
        if (fault?.Mode == FaultMode.Error) return UnknownError();

        var outcome = ledger.Charge(vendor, key, request);
        if (fault?.Mode == FaultMode.Reset && outcome is ChargeOutcome.Done)
        {
            http.Abort();
            return UnknownError();
        }
        switch (outcome)
        {
            case ChargeOutcome.Done done:
                logger.LogInformation("{Vendor} charge {ChargeId} {Status} for idempotency key {IdempotencyKey} (replayed: {Replayed})",
                    vendor, done.Answer.ChargeId, done.Answer.Status, key, done.Replayed);
                var delay = fault?.Mode == FaultMode.Slow ? fault.Delay
                    : done.AnswerSlowly ? TimeSpan.FromMilliseconds(options.Value.SlowDelayMilliseconds)
                    : TimeSpan.Zero;
                if (delay > TimeSpan.Zero) await Task.Delay(delay, aborted);
                if (done.Replayed) http.Response.Headers[ReplayedHeader] = "true";
                return TypedResults.Ok(done.Answer);
            case ChargeOutcome.KeyReusedWithDifferentRequest:
                return Problems.Conflict(IdempotencyHeader, "This key was used for a different charge request.", "Idempotency key reused");
            case ChargeOutcome.UnknownToken:
                return Problems.NotFound("Card token", "cardToken", "No card with this token at this vendor.");
            default:
                return NotProcessed();
        }
    }

    /// <summary>The charge made under an idempotency key: how a caller that never got the charge's answer learns it.</summary>
    private static async Task<Results<Ok<ChargeLookupAnswer>, ProblemHttpResult>> FindAsync(
        string vendor, string? idempotencyKey, HttpContext http, ChargeLedger ledger, FaultInjector faults, CancellationToken aborted)
    {
        if (idempotencyKey is not { Length: > 0 and <= 255 })
            return Problems.Field(StatusCodes.Status400BadRequest, "idempotencyKey", "send 1 to 255 characters", "idempotencyKey required");
        ledger.CountAttempt(vendor);
        var fault = faults.Take(vendor);
        if (fault?.Mode == FaultMode.Fail) return NotProcessed();
        if (fault?.Mode == FaultMode.Error) return UnknownError();
        if (fault?.Mode == FaultMode.Reset)
        {
            http.Abort();
            return UnknownError();
        }
        if (fault?.Mode == FaultMode.Slow) await Task.Delay(fault.Delay, aborted);
        return ledger.FindByKey(vendor, idempotencyKey) is { } charge
            ? TypedResults.Ok(new ChargeLookupAnswer(charge.ChargeId, charge.Status, charge.Reason))
            : Problems.NotFound("Charge", detail: "No charge was made under this idempotency key.");
    }

    private static async Task<Results<Ok<VoidAnswer>, ProblemHttpResult>> VoidAsync(
        string vendor, string chargeId, ChargeLedger ledger, FaultInjector faults, CancellationToken aborted)
    {
        ledger.CountAttempt(vendor);
        var fault = faults.Take(vendor);
        if (fault?.Mode == FaultMode.Fail) return NotProcessed();

        var outcome = ledger.Void(vendor, chargeId);
        if (fault?.Mode == FaultMode.Slow) await Task.Delay(fault.Delay, aborted);
        return outcome switch
        {
            VoidOutcome.Voided => TypedResults.Ok(new VoidAnswer(chargeId, ChargeStatus.Voided)),
            VoidOutcome.NotFound => Problems.NotFound("Charge", "chargeId", "No charge with this id at this vendor."),
            _ => Problems.Conflict("chargeId", "Only an approved charge can be voided.", "Charge not voidable"),
        };
    }

    /// <summary>The code by which this API says "not processed: nothing was charged"; no other answer says it.</summary>
    public const string NotProcessedCode = "not_processed";

    private static ProblemHttpResult NotProcessed() => Problems.Status(StatusCodes.Status503ServiceUnavailable, "Not processed",
        "The vendor could not process the request; nothing was charged.", new Dictionary<string, object?> { ["code"] = NotProcessedCode });

    private static ProblemHttpResult UnknownError() =>
        Problems.Status(StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong.");
}
