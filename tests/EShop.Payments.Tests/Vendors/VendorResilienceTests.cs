using System.Net;
using EShop.DbServiceClient.Contracts;
using EShop.Payments.Tests.Support;
using EShop.PaymentService;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Vendors;

/// <summary>Timeouts, retries with the same vendor idempotency key, and the per-vendor circuit breaker. Each
/// test gets its own simulator and payment-service so faults and breaker state stay private.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class VendorResilienceTests(PaymentsEnvironment env)
{
    private (KestrelServiceFactory<PaymentServiceEntryPoint> Payments, SimulatorAdmin Admin) Isolated(params (string Key, string Value)[] vendorSettings)
    {
        var simulator = env.StartSimulator(slowDelayMilliseconds: 4000);
        return (env.StartPaymentService(simulator, [("TimeoutSeconds", "1"), ("MaxRetries", "2"), ("BreakSeconds", "600"), .. vendorSettings]),
            env.AdminOf(simulator));
    }

    private async Task<HttpResponseMessage> PayAsync(KestrelServiceFactory<PaymentServiceEntryPoint> payments, string number)
    {
        var shopper = await env.NewShopperAsync(payments);
        var product = await env.CreateProductAsync(2100);
        return await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(number), (product, 1)));
    }

    private static async Task<Guid> ServiceUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds expected");
        return problem.GetProperty("paymentId").GetGuid();
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried_with_the_same_key_and_charges_once()
    {
        var (payments, admin) = Isolated();
        // The first attempt is charged but answered too late; the retry gets the vendor's stored answer.
        await admin.SetFaultAsync("slow", vendor: "visa", count: 1, delayMilliseconds: 4000);

        var body = await ProblemAssert.IsJsonAsync(await PayAsync(payments, TestCards.VisaApprove), HttpStatusCode.Created);

        var paymentId = body.GetProperty("paymentId").GetGuid();
        Assert.Single(await admin.ChargesForAsync(paymentId));
        Assert.Equal(2, await admin.AttemptsAsync("visa"));
        Assert.Equal(PaymentStatus.Approved, (await env.Db.GetPaymentAsync(paymentId)).Required.Status);
    }

    [Fact]
    public async Task A_vendor_that_never_answers_in_time_leaves_the_payment_pending_and_charged_at_most_once()
    {
        var (payments, admin) = Isolated();

        var paymentId = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaSlow));

        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        // The vendor did charge (its answer was late): the payment stays pending, never failed, for reconciliation.
        Assert.Single(await admin.ChargesForAsync(paymentId));
        Assert.Equal(PaymentStatus.Pending, (await env.Db.GetPaymentAsync(paymentId)).Required.Status);
    }

    [Fact]
    public async Task A_vendor_that_refuses_to_process_leaves_the_payment_failed_and_uncharged()
    {
        var (payments, admin) = Isolated();

        var paymentId = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaFailure));

        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        Assert.Empty(await admin.ChargesForAsync(paymentId));
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(paymentId)).Required.Status);
    }

    [Fact]
    public async Task A_vendor_outage_answers_503_and_opens_that_vendors_breaker_only()
    {
        var (payments, admin) = Isolated(("BreakerMinimumThroughput", "3"));
        await admin.SetFaultAsync("fail", vendor: "visa");

        var first = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));
        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(first)).Required.Status);

        // Breaker open: the next Visa payments fail fast without reaching the vendor, even after it recovers.
        var second = await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));
        await admin.SetFaultAsync("none");
        await ServiceUnavailableAsync(await PayAsync(payments, TestCards.VisaApprove));
        Assert.Equal(3, await admin.AttemptsAsync("visa"));
        Assert.Equal(PaymentStatus.Failed, (await env.Db.GetPaymentAsync(second)).Required.Status);
        Assert.Empty(await admin.ChargesAsync());

        // Other vendors have their own breakers.
        await ProblemAssert.IsJsonAsync(await PayAsync(payments, TestCards.MastercardApprove), HttpStatusCode.Created);
    }
}
