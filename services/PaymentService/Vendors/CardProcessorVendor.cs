using System.Net;
using System.Net.Http.Json;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace EShop.PaymentService.Vendors;

/// <summary>The HTTP protocol shared by the card processors this shop uses (and by the vendor simulator):
/// POST {api}/charges with an Idempotency-Key, GET {api}/charges?idempotencyKey=, POST {api}/charges/{id}/void.
/// Only a 503 whose body has <c>"code": "not_processed"</c> means "not processed"; every other failure may have
/// charged. Each vendor is a small subclass naming its API path; a processor with a different API overrides the calls.
/// Retries, timeouts and the breaker are the HttpClient's standard resilience handler (<see cref="VendorResilience"/>).</summary>
public abstract class CardProcessorVendor(HttpClient http, ILogger logger) : IPaymentVendor
{
    public const string ApiKeyHeader = "X-Api-Key";
    private const string IdempotencyHeader = "Idempotency-Key";

    public abstract string Name { get; }

    /// <summary>The vendor's API root relative to its BaseUrl, e.g. "v1/visa/".</summary>
    protected abstract string ApiPath { get; }

    public async Task<ChargeResult> ChargeAsync(VendorCharge charge, CancellationToken cancellationToken)
    {
        var call = await SendAsync(ChargeMessage(charge), cancellationToken);
        using var response = call.Response;
        if (response is null) return new ChargeResult.Unavailable(!call.NothingSent, call.RetryAfter);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var answer = await response.Content.ReadFromJsonAsync(PaymentServiceJson.Default.ProcessorChargeAnswer, cancellationToken)
                ?? throw new InvalidDataException($"{Name} answered an empty charge body");
            return answer.Status == "approved"
                ? new ChargeResult.Approved(answer.ChargeId, answer.CardToken)
                : new ChargeResult.Declined(answer.ChargeId, answer.Reason ?? "declined");
        }
        if (await VendorResilience.IsNotProcessedAsync(response, cancellationToken))
            return new ChargeResult.Unavailable(MayHaveCharged: false, response.Headers.RetryAfter?.Delta);
        if ((int)response.StatusCode < 500)
            logger.LogError("{Vendor} refused charge for payment {PaymentId} with {StatusCode}: check the adapter and its configuration",
                Name, charge.PaymentId, (int)response.StatusCode);
        return new ChargeResult.Unavailable(MayHaveCharged: true, RetryAfter: null);
    }

    public async Task<VoidResult> VoidAsync(VendorVoid request, CancellationToken cancellationToken)
    {
        var call = await SendAsync(VoidMessage(request), cancellationToken);
        using var response = call.Response;
        return response?.StatusCode switch
        {
            null => new VoidResult.Unavailable(call.RetryAfter),
            HttpStatusCode.OK => new VoidResult.Voided(),
            HttpStatusCode.NotFound => new VoidResult.Refused("the vendor does not know this charge"),
            HttpStatusCode.Conflict => new VoidResult.Refused("the vendor cannot void this charge"),
            _ => new VoidResult.Unavailable(RetryAfter: null),
        };
    }

    public async Task<ChargeLookup> FindChargeAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        var call = await SendAsync(LookupMessage(paymentId), cancellationToken);
        using var response = call.Response;
        switch (response?.StatusCode)
        {
            case HttpStatusCode.OK:
                var charge = await response.Content.ReadFromJsonAsync(PaymentServiceJson.Default.ProcessorLookupAnswer, cancellationToken)
                    ?? throw new InvalidDataException($"{Name} answered an empty lookup body");
                return new ChargeLookup.Found(charge.ChargeId, charge.Status, charge.Reason);
            case HttpStatusCode.NotFound:
                return new ChargeLookup.NotFound();
            default:
                return new ChargeLookup.Unavailable();
        }
    }

    protected virtual HttpRequestMessage ChargeMessage(VendorCharge charge)
    {
        var body = charge.Instrument switch
        {
            PaymentInstrument.NewCard { Card: var card } => new ProcessorChargeRequest(charge.AmountMinor, charge.Currency,
                new ProcessorCard(card.Number, card.ExpiryMonth, card.ExpiryYear, card.Cvc, card.HolderName), CardToken: null, charge.Tokenize),
            PaymentInstrument.SavedCard { VendorToken: var token } => new ProcessorChargeRequest(charge.AmountMinor, charge.Currency,
                Card: null, token, Tokenize: false),
            _ => throw new ArgumentOutOfRangeException(nameof(charge)),
        };
        return new HttpRequestMessage(HttpMethod.Post, $"{ApiPath}charges")
        {
            Headers = { { IdempotencyHeader, charge.PaymentId.ToString() } },
            Content = JsonContent.Create(body, PaymentServiceJson.Default.ProcessorChargeRequest),
        };
    }

    protected virtual HttpRequestMessage VoidMessage(VendorVoid request) =>
        new(HttpMethod.Post, $"{ApiPath}charges/{Uri.EscapeDataString(request.VendorReference)}/void")
        {
            Headers = { { IdempotencyHeader, $"{request.PaymentId}-void" } },
        };

    protected virtual HttpRequestMessage LookupMessage(Guid paymentId) => new(HttpMethod.Get, $"{ApiPath}charges?idempotencyKey={paymentId}");

    /// <summary>An answer, or none; NothingSent when the request cannot have reached the vendor's processing.</summary>
    private sealed record CallResult(HttpResponseMessage? Response, bool NothingSent, TimeSpan? RetryAfter);

    private async Task<CallResult> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        using var request = message;
        try
        {
            return new CallResult(await http.SendAsync(request, cancellationToken), NothingSent: false, null);
        }
        catch (BrokenCircuitException e)
        {
            logger.LogWarning("{Vendor} circuit is open: failing fast", Name);
            return new CallResult(null, NothingSent: true, e.RetryAfter);
        }
        catch (RateLimiterRejectedException)
        {
            logger.LogWarning("{Vendor} call refused by the client's concurrency limit", Name);
            return new CallResult(null, NothingSent: true, null);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            logger.LogWarning("{Vendor} could not be reached: {Error}", Name, e.HttpRequestError);
            return new CallResult(null, NothingSent: true, null);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException)
        {
            logger.LogWarning("{Vendor} gave no answer: {Error}", Name, e.GetType().Name);
            return new CallResult(null, NothingSent: false, null);
        }
    }

    internal sealed record ProcessorChargeRequest(long AmountMinor, string Currency, ProcessorCard? Card, string? CardToken, bool Tokenize);

    internal sealed record ProcessorCard(string Number, int ExpiryMonth, int ExpiryYear, string Cvc, string HolderName)
    {
        public override string ToString() => "card details (withheld)";
    }

    internal sealed record ProcessorChargeAnswer(string ChargeId, string Status, string? Reason, string? CardToken);

    internal sealed record ProcessorLookupAnswer(string ChargeId, string Status, string? Reason);
}
