using System.Net;
using System.Net.Http.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EShop.PaymentService.Vendors;

/// <summary>The HTTP protocol shared by the card processors this shop uses (and by the vendor simulator):
/// POST {api}/charges with an Idempotency-Key, POST {api}/charges/{id}/void. A 503 answer means "not
/// processed". Each vendor is a small subclass naming its API path; a processor with a different API
/// overrides the two calls.</summary>
public abstract class CardProcessorVendor(HttpClient http, VendorResilience resilience, ILogger logger) : IPaymentVendor
{
    public const string ApiKeyHeader = "X-Api-Key";
    private const string IdempotencyHeader = "Idempotency-Key";

    public abstract string Name { get; }

    /// <summary>The vendor's API root relative to its BaseUrl, e.g. "v1/visa/".</summary>
    protected abstract string ApiPath { get; }

    public async Task<ChargeResult> ChargeAsync(VendorCharge charge, CancellationToken cancellationToken)
    {
        var call = await SendAsync(() => ChargeMessage(charge), cancellationToken);
        using var response = call.Response;
        if (response is null) return new ChargeResult.Unavailable(call.MayHaveReachedVendor, call.RetryAfter);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var answer = await response.Content.ReadFromJsonAsync<ProcessorChargeAnswer>(cancellationToken)
                ?? throw new InvalidDataException($"{Name} answered an empty charge body");
            return answer.Status == "approved"
                ? new ChargeResult.Approved(answer.ChargeId, answer.CardToken)
                : new ChargeResult.Declined(answer.ChargeId, answer.Reason ?? "declined");
        }
        if ((int)response.StatusCode < 500)
            logger.LogError("{Vendor} refused charge for payment {PaymentId} with {StatusCode}: check the adapter and its configuration",
                Name, charge.PaymentId, (int)response.StatusCode);
        return new ChargeResult.Unavailable(call.MayHaveReachedVendor, RetryAfter: null);
    }

    public async Task<VoidResult> VoidAsync(VendorVoid request, CancellationToken cancellationToken)
    {
        var call = await SendAsync(() => VoidMessage(request), cancellationToken);
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
            Content = JsonContent.Create(body),
        };
    }

    protected virtual HttpRequestMessage VoidMessage(VendorVoid request) =>
        new(HttpMethod.Post, $"{ApiPath}charges/{Uri.EscapeDataString(request.VendorReference)}/void")
        {
            Headers = { { IdempotencyHeader, $"{request.PaymentId}-void" } },
        };

    private sealed record CallResult(HttpResponseMessage? Response, bool MayHaveReachedVendor, TimeSpan? RetryAfter);

    /// <summary>Runs the vendor's pipeline, building a fresh message per attempt, and tracks whether any
    /// attempt may have reached the vendor's processing (an attempt that timed out or broke mid-way).</summary>
    private async Task<CallResult> SendAsync(Func<HttpRequestMessage> message, CancellationToken cancellationToken)
    {
        var mayHaveReachedVendor = false;
        try
        {
            var response = await resilience.For(Name).ExecuteAsync(async token =>
            {
                try
                {
                    var attempt = await http.SendAsync(message(), token);
                    if ((int)attempt.StatusCode >= 500 && attempt.StatusCode != HttpStatusCode.ServiceUnavailable) mayHaveReachedVendor = true;
                    return attempt;
                }
                catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
                {
                    throw;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    mayHaveReachedVendor = true;
                    throw;
                }
            }, cancellationToken);
            return new CallResult(response, mayHaveReachedVendor, null);
        }
        catch (BrokenCircuitException e)
        {
            logger.LogWarning("{Vendor} circuit is open: failing fast", Name);
            return new CallResult(null, mayHaveReachedVendor, e.RetryAfter);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException)
        {
            logger.LogWarning("{Vendor} did not answer after retries: {Error}", Name, e.GetType().Name);
            return new CallResult(null, mayHaveReachedVendor, null);
        }
    }

    private sealed record ProcessorChargeRequest(long AmountMinor, string Currency, ProcessorCard? Card, string? CardToken, bool Tokenize);

    private sealed record ProcessorCard(string Number, int ExpiryMonth, int ExpiryYear, string Cvc, string HolderName)
    {
        public override string ToString() => "card details (withheld)";
    }

    private sealed record ProcessorChargeAnswer(string ChargeId, string Status, string? Reason, string? CardToken);
}
