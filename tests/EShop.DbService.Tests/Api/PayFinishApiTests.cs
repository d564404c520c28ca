using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>POST /pay/finish: the vendor's outcome and the key's end in one transaction, only for the key's current holder.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class PayFinishApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task Approved_settles_the_payment_and_stores_the_answer_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();

        var finished = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun, vendorReference: "ch_approved"), ct);

        Assert.Equal(new FinishedPayment(begun.PaymentId!.Value, PaymentStatus.Approved, null), finished.Required);
        var payment = (await db.Client.GetPaymentAsync(begun.PaymentId.Value, ct)).Required;
        Assert.Equal((PaymentStatus.Approved, "ch_approved"), (payment.Status, payment.VendorReference));
        var replay = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        Assert.Equal((BeginOutcome.Replay, Payers.ApprovedBody.GetRawText()), (replay.Outcome, replay.Response!.Body!.Value.GetRawText()));
    }

    [Fact]
    public async Task Declined_keeps_the_vendors_reason_on_the_payment_and_stores_the_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        var body = JsonDocument.Parse("""{"status":402,"reason":"card_declined"}""").RootElement;

        Assert.True((await db.PaymentService().FinishPaymentAsync(
            payer.Finish(key, begun, PaymentStatus.Declined, body) with { Reason = "insufficient_funds" }, ct)).IsSuccess);

        var payment = (await db.Client.GetPaymentAsync(begun.PaymentId!.Value, ct)).Required;
        Assert.Equal((PaymentStatus.Declined, "insufficient_funds"), (payment.Status, payment.Reason));
        Assert.Equal(402, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required.Response!.Status);
    }

    [Fact]
    public async Task Failed_marks_the_payment_failed_and_releases_the_key_so_the_retry_is_a_new_payment()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();

        var failed = await db.PaymentService().FinishPaymentAsync(
            payer.Finish(key, begun, PaymentStatus.Failed) with { Reason = "vendor unavailable: not processed" }, ct);

        Assert.Equal(PaymentStatus.Failed, failed.Required.Status);
        var stored = (await db.Client.GetPaymentAsync(begun.PaymentId!.Value, ct)).Required;
        Assert.Equal((PaymentStatus.Failed, "vendor unavailable: not processed"), (stored.Status, stored.Reason));
        var retry = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        Assert.Equal(BeginOutcome.New, retry.Outcome);
        Assert.NotEqual(begun.PaymentId, retry.PaymentId);
        Assert.True(retry.Fence > begun.Fence, "fences only grow per key, also across a release");
    }

    [Fact]
    public async Task An_approved_payment_saves_its_card_in_the_same_transaction_under_the_callers_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        var card = new CardToSave(Guid.NewGuid(), "Visa", "tok_visa_saved_by_finish", "Visa", "4242", 12, 2031, "ADA LOVELACE");

        var finished = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun) with { SaveCard = card }, ct);

        Assert.Equal(card.Id, finished.Required.SavedCardId);
        var saved = (await db.Client.GetCardAsync(card.Id!.Value, ct)).Required;
        Assert.Equal((payer.UserId, "tok_visa_saved_by_finish", "4242"), (saved.UserId, saved.VendorToken, saved.Last4));
    }

    [Fact]
    public async Task A_card_the_database_refuses_changes_nothing_and_the_holder_can_finish_without_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        // An id taken already: the card's insert fails, and with it the whole transaction.
        var taken = (await db.Client.CreateCardAsync(TestData.Card(payer.UserId), ct)).Required.Id;
        var card = new CardToSave(taken, "Visa", "tok_visa_other", "Visa", "4242", 12, 2031, null);

        var refused = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun) with { SaveCard = card }, ct);

        // Not a fence refusal: the holder may try again without the card.
        Assert.Equal((DbOutcome.Conflict, null), (refused.Outcome, refused.ProblemExtension("refusal")));
        Assert.Equal(PaymentStatus.Pending, (await db.Client.GetPaymentAsync(begun.PaymentId!.Value, ct)).Required.Status);
        Assert.Equal(BeginOutcome.Busy, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required.Outcome);
        Assert.True((await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun), ct)).IsSuccess);
    }

    [Fact]
    public async Task A_stale_fence_after_a_seize_changes_nothing_and_the_reconcilers_fence_settles()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        await db.ExpireLeaseAsync(payer.UserId, key);
        var seized = (await db.PaymentService().SeizeIdempotencyKeyAsync(
            new SeizeIdempotencyRequest(payer.UserId, key, begun.PaymentId, 30), ct)).Required;

        var stale = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun, vendorReference: "ch_stale"), ct);

        Assert.Equal((DbOutcome.Conflict, "stale-holder", "pending"), (stale.Outcome, stale.ProblemExtension("refusal"), stale.ProblemExtension("currentStatus")));
        var payment = (await db.Client.GetPaymentAsync(begun.PaymentId!.Value, ct)).Required;
        Assert.Equal((PaymentStatus.Pending, null), (payment.Status, payment.VendorReference));
        Assert.Equal(BeginOutcome.Busy, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required.Outcome);
        // Nor can the stale holder fail the payment and release the reconciler's key.
        var staleRelease = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun, PaymentStatus.Failed), ct);
        Assert.Equal(DbOutcome.Conflict, staleRelease.Outcome);

        var settled = await db.PaymentService().FinishPaymentAsync(
            payer.Finish(key, begun with { Fence = seized.Fence }, vendorReference: "ch_reconciled"), ct);
        Assert.True(settled.IsSuccess);
        Assert.Equal("ch_reconciled", (await db.Client.GetPaymentAsync(begun.PaymentId.Value, ct)).Required.VendorReference);
    }

    [Fact]
    public async Task A_second_finish_cannot_rewrite_the_stored_answer_or_the_status()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        Assert.True((await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun), ct)).IsSuccess);

        var again = await db.PaymentService().FinishPaymentAsync(
            payer.Finish(key, begun, PaymentStatus.Declined, JsonDocument.Parse("{}").RootElement), ct);

        Assert.Equal(DbOutcome.Conflict, again.Outcome);
        Assert.Equal(PaymentStatus.Approved, (await db.Client.GetPaymentAsync(begun.PaymentId!.Value, ct)).Required.Status);
        Assert.Equal(Payers.ApprovedBody.GetRawText(), (await db.PaymentService().BeginPaymentAsync(
            payer.Begin(key), ct)).Required.Response!.Body!.Value.GetRawText());
    }

    [Fact]
    public async Task A_payment_an_earlier_holder_settled_without_the_key_keeps_its_status_and_the_answer_is_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        // The earlier version set the status and completed the key in two calls; a holder that died between them left this.
        await using (var settle = db.Sql.CreateCommand("UPDATE payments SET status = 'approved', vendor_reference = 'ch_earlier' WHERE id = $1"))
        {
            settle.Parameters.AddWithValue(begun.PaymentId!.Value);
            await settle.ExecuteNonQueryAsync(ct);
        }

        var wrongStatus = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun, PaymentStatus.Declined), ct);
        var finished = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun) with { VendorReference = null }, ct);

        Assert.Equal((DbOutcome.Conflict, "status", "approved"), (wrongStatus.Outcome, wrongStatus.ProblemExtension("refusal"), wrongStatus.ProblemExtension("currentStatus")));
        Assert.True(finished.IsSuccess);
        Assert.Equal("ch_earlier", (await db.Client.GetPaymentAsync(begun.PaymentId.Value, ct)).Required.VendorReference);
        Assert.Equal(BeginOutcome.Replay, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required.Outcome);
    }

    [Fact]
    public async Task An_unknown_payment_is_a_404_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();

        var finished = await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun with { PaymentId = Guid.NewGuid() }), ct);

        Assert.Equal(DbOutcome.NotFound, finished.Outcome);
    }

    [Theory]
    [InlineData("status", """{"status":"pending"}""")]
    [InlineData("answer", """{"status":"failed","answer":{"status":201,"body":{}}}""")]
    [InlineData("answer", """{"status":"approved","answer":null}""")]
    [InlineData("saveCard", """{"status":"declined","saveCard":{"id":"8c6a3f4e-4a4b-4c1e-9d55-0f5b0a9d7c11","vendor":"Visa","vendorToken":"tok","brand":"Visa","last4":"4242","expiryMonth":1,"expiryYear":2031}}""")]
    [InlineData("holder", """{"holder":null}""")]
    [InlineData("paymentId", """{"paymentId":null}""")]
    public async Task A_malformed_finish_is_a_400_naming_the_field_and_changes_nothing(string field, string change)
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        var request = JsonSerializer.SerializeToNode(payer.Finish(key, begun), JsonSerializerOptions.Web)!.AsObject();
        foreach (var member in JsonDocument.Parse(change).RootElement.EnumerateObject())
            request[member.Name] = System.Text.Json.Nodes.JsonNode.Parse(member.Value.GetRawText());
        using var http = db.DbService.CreateInternalClient("payment-service");

        var response = await http.PostAsJsonAsync("api/v1/pay/finish", request, cancellationToken: ct);

        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(PaymentStatus.Pending, (await db.Client.GetPaymentAsync(begun.PaymentId!.Value, ct)).Required.Status);
    }

    [Fact]
    public async Task A_card_number_as_the_vendor_token_is_refused_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (payer, key, begun) = await BegunAsync();
        var card = new CardToSave(Guid.NewGuid(), "Visa", "4242 4242 4242 4242", "Visa", "4242", 12, 2031, null);
        using var http = db.DbService.CreateInternalClient("payment-service");

        var response = await http.PostAsJsonAsync("api/v1/pay/finish", payer.Finish(key, begun) with { SaveCard = card }, cancellationToken: ct);

        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest);
        Assert.Contains("vendorToken", problem.GetProperty("errors").ToString());
        Assert.DoesNotContain("4242 4242", problem.ToString());
    }

    private async Task<(Payer Payer, string Key, BeginPaymentResult Begun)> BegunAsync()
    {
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var begun = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key))).Required;
        Assert.Equal(BeginOutcome.New, begun.Outcome);
        return (payer, key, begun);
    }
}
