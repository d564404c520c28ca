using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class PaymentApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_payment_is_created_pending_and_the_same_id_again_returns_the_stored_record()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = TestData.Payment(Guid.NewGuid());
        var created = await db.Client.CreatePaymentAsync(request, ct);
        Assert.Equal(DbOutcome.Created, created.Outcome);
        var payment = created.Required;
        Assert.Equal((PaymentStatus.Pending, 5198L, "EUR", "4242"), (payment.Status, payment.AmountMinor, payment.Currency, payment.Last4));
        Assert.Equal([new PaymentItem(1, 2, 2599)], payment.Items);

        var again = await db.Client.CreatePaymentAsync(request with { AmountMinor = 1 }, ct);
        Assert.Equal(DbOutcome.Ok, again.Outcome);
        Assert.Equal(5198L, again.Required.AmountMinor);
        Assert.Equal(payment.Id, (await db.Client.GetPaymentAsync(payment.Id, ct)).Required.Id);
    }

    [Fact]
    public async Task The_status_changes_only_from_an_expected_status()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, _, holder) = await HeldPayments.CreateAsync(db);

        var approved = await db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, "vendor-ref-1", null, holder), ct);
        Assert.Equal((PaymentStatus.Approved, "vendor-ref-1"), (approved.Required.Status, approved.Required.VendorReference));

        var late = await db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Failed, null, "timeout", holder), ct);
        Assert.Equal(DbOutcome.Conflict, late.Outcome);
        Assert.Equal("approved", late.ProblemExtension("currentStatus"));
        Assert.Equal(PaymentStatus.Approved, (await db.Client.GetPaymentAsync(payment.Id, ct)).Required.Status);

        var cancelled = await db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Approved], PaymentStatus.Cancelled, null, "customer asked"), ct);
        Assert.Equal((PaymentStatus.Cancelled, "vendor-ref-1", "customer asked"),
            (cancelled.Required.Status, cancelled.Required.VendorReference, cancelled.Required.Reason));
    }

    [Fact]
    public async Task Concurrent_status_changes_from_pending_let_exactly_one_win()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payment, _, holder) = await HeldPayments.CreateAsync(db);
        PaymentStatus[] targets = [PaymentStatus.Approved, PaymentStatus.Declined, PaymentStatus.Failed];

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => db.Client.SetPaymentStatusAsync(payment.Id,
            new SetPaymentStatusRequest([PaymentStatus.Pending], targets[i % targets.Length], null, null, holder))));

        var winner = Assert.Single(results, r => r.Outcome == DbOutcome.Ok);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(DbOutcome.Conflict, r.Outcome));
        Assert.Equal(winner.Required.Status, (await db.Client.GetPaymentAsync(payment.Id, ct)).Required.Status);
    }

    [Fact]
    public async Task Unknown_payments_are_404s()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = Guid.NewGuid();
        await ProblemAssert.Is(await db.Http.GetAsync($"api/v1/payment/{unknown}", ct), HttpStatusCode.NotFound);
        var change = new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, null, null);
        await ProblemAssert.Is(
            await db.Http.PutAsJsonAsync($"api/v1/payment/{unknown}/status", change, cancellationToken: ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_status_name_is_a_400_naming_status()
    {
        var ct = TestContext.Current.CancellationToken;
        var payment = (await db.Client.CreatePaymentAsync(TestData.Payment(Guid.NewGuid()), ct)).Required;
        var response = await db.Http.PutAsJsonAsync(
            $"api/v1/payment/{payment.Id}/status", new { expectedStatuses = new[] { "pending" }, status = "refunded" }, cancellationToken: ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "$.status");
    }

    [Fact]
    public async Task A_payment_without_items_or_with_a_bad_item_is_refused_naming_the_field()
    {
        var ct = TestContext.Current.CancellationToken;
        var empty = TestData.Payment(Guid.NewGuid()) with { Items = [] };
        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/payment", empty, cancellationToken: ct), HttpStatusCode.BadRequest, "items");

        var badItem = TestData.Payment(Guid.NewGuid()) with { Items = [new NewPaymentItem(1, 0, 100)] };
        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/payment", badItem, cancellationToken: ct),
            HttpStatusCode.BadRequest,
            "items[0].quantity");
    }
}
