using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Payments;

[Collection(PaymentsCollection.Name)]
public sealed class CancelTests(PaymentsEnvironment env)
{
    private async Task<Guid> PayAsync(string number, HttpStatusCode expected)
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1800);
        var response = await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(number), (product, 1)));
        Assert.Equal(expected, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("paymentId").GetGuid();
    }

    private Task<HttpResponseMessage> CancelAsync(Guid paymentId) =>
        env.Payments.CreateInternalClient().PostAsJsonAsync("/api/v1/cancel", new { paymentId });

    [Fact]
    public async Task An_approved_payment_is_voided_once_and_a_second_cancel_answers_the_same()
    {
        var ct = TestContext.Current.CancellationToken;
        var paymentId = await PayAsync(TestCards.VisaApprove, HttpStatusCode.Created);
        var admin = env.AdminOf(env.Simulator);

        var first = await CancelAsync(paymentId);
        var firstBody = await first.Content.ReadAsStringAsync(ct);
        var attemptsAfterFirst = await admin.AttemptsAsync("visa");
        var second = await CancelAsync(paymentId);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync(ct));
        Assert.Equal("cancelled", (await first.ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(PaymentStatus.Cancelled, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
        Assert.Equal("voided", Assert.Single(await admin.ChargesForAsync(paymentId)).Status);
        Assert.Equal(attemptsAfterFirst, await admin.AttemptsAsync("visa"));
    }

    [Fact]
    public async Task Concurrent_cancels_all_answer_cancelled()
    {
        var paymentId = await PayAsync(TestCards.MastercardApprove, HttpStatusCode.Created);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => CancelAsync(paymentId)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal("voided", Assert.Single(await env.AdminOf(env.Simulator).ChargesForAsync(paymentId)).Status);
    }

    [Fact]
    public async Task A_declined_payment_cannot_be_cancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var paymentId = await PayAsync(TestCards.VisaDecline, HttpStatusCode.PaymentRequired);

        await ProblemAssert.NamesField(await CancelAsync(paymentId), HttpStatusCode.Conflict, "paymentId");
        Assert.Equal(PaymentStatus.Declined, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
    }

    [Fact]
    public async Task An_unknown_payment_is_404()
    {
        await ProblemAssert.NamesField(await CancelAsync(Guid.NewGuid()), HttpStatusCode.NotFound, "paymentId");
    }

    [Fact]
    public async Task Cancel_requires_the_internal_credential()
    {
        var ct = TestContext.Current.CancellationToken;
        var paymentId = await PayAsync(TestCards.VisaApprove, HttpStatusCode.Created);

        var response = await env.Payments.CreateClient().PostAsJsonAsync("/api/v1/cancel", new { paymentId }, cancellationToken: ct);

        await ProblemAssert.Is(response, HttpStatusCode.Unauthorized);
        Assert.Equal(PaymentStatus.Approved, (await env.Db.GetPaymentAsync(paymentId, ct)).Required.Status);
        // Decided before the body is read: an invalid body without the credential is still a 401.
        await ProblemAssert.Is(
            await env.Payments.CreateClient().PostAsJsonAsync("/api/v1/cancel", new { }, cancellationToken: ct),
            HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_missing_payment_id_is_a_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await env.Payments.CreateInternalClient().PostAsJsonAsync("/api/v1/cancel", new { }, cancellationToken: ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "paymentId");
    }
}
