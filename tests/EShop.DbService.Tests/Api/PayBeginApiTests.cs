using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>POST /pay/begin, one outcome at a time: what it answers and what it leaves in the database.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class PayBeginApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_new_key_is_claimed_and_the_payment_recorded_pending_at_the_catalogue_price()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db, priceMinor: 1250);
        var key = Payers.NewKey();
        var request = payer.Begin(key, quantity: 3);

        var begun = (await db.PaymentService().BeginPaymentAsync(request, ct)).Required;

        Assert.Equal((BeginOutcome.New, payer.UserId, request.PaymentId), (begun.Outcome, begun.UserId, begun.PaymentId));
        Assert.True(begun.Fence > 0);
        var payment = begun.Payment!;
        Assert.Equal((PaymentStatus.Pending, 3 * 1250L, "EUR", "Visa", "Visa", "4242", key),
            (payment.Status, payment.AmountMinor, payment.Currency, payment.Vendor, payment.Brand, payment.Last4, payment.IdempotencyKey));
        Assert.Equal([new PaymentItem(payer.ProductId, 3, 1250)], payment.Items);
        var stored = (await db.Client.GetPaymentAsync(payment.Id, ct)).Required;
        Assert.Equal(payment with { Items = Array.Empty<PaymentItem>() }, stored with { Items = Array.Empty<PaymentItem>() });
        Assert.Equal(payment.Items, stored.Items);
        Assert.Equal((request.PaymentId!.Value, false), await RecordAsync(payer, key));
    }

    [Fact]
    public async Task An_unknown_token_hash_is_unauthenticated_and_nothing_is_counted_or_claimed()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();

        var begun = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key) with { TokenHash = TestData.TokenHash() }, ct)).Required;

        Assert.Equal((BeginOutcome.Unauthenticated, null), (begun.Outcome, begun.UserId));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM rate_counters WHERE bucket = $1", $"pay:client:{payer.Client}"));
        Assert.Null(await RecordAsync(payer, key));
    }

    [Fact]
    public async Task The_same_key_while_its_holder_works_is_busy_and_with_another_body_a_mismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var first = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;

        var duplicate = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        var other = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key) with { RequestHash = "another-body" }, ct)).Required;

        Assert.Equal((BeginOutcome.Busy, first.PaymentId), (duplicate.Outcome, duplicate.PaymentId));
        Assert.Null(duplicate.Payment);
        Assert.Equal(BeginOutcome.Mismatch, other.Outcome);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM payments WHERE user_id = $1", payer.UserId));
    }

    [Fact]
    public async Task After_finish_the_key_replays_the_stored_answer_byte_for_byte_and_another_body_is_a_mismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var begun = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        var body = JsonDocument.Parse("""{"status":"approved","paymentId":"p-9","amountMinor":2500,"nested":{"b":1,"a":[2,1]}}""").RootElement;
        Assert.True((await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun, body: body), ct)).IsSuccess);

        var replay = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        var other = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key) with { RequestHash = "another-body" }, ct)).Required;

        Assert.Equal((BeginOutcome.Replay, begun.PaymentId, 201), (replay.Outcome, replay.PaymentId, replay.Response!.Status));
        Assert.Equal(body.GetRawText(), replay.Response.Body!.Value.GetRawText());
        Assert.Equal(BeginOutcome.Mismatch, other.Outcome);
    }

    [Fact]
    public async Task After_the_lease_ends_the_next_begin_takes_over_the_same_payment_with_a_larger_fence()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var first = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;
        await db.ExpireLeaseAsync(payer.UserId, key);

        var takeover = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key, quantity: 9), ct)).Required;

        Assert.Equal((BeginOutcome.Takeover, first.PaymentId), (takeover.Outcome, takeover.PaymentId));
        Assert.True(takeover.Fence > first.Fence);
        // The stored payment is resumed as recorded, not re-priced from this request.
        Assert.Equal(first.Payment!.AmountMinor, takeover.Payment!.AmountMinor);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM payments WHERE user_id = $1", payer.UserId));
    }

    [Fact]
    public async Task A_claim_left_without_a_payment_is_taken_over_and_its_payment_made_under_the_records_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var stranded = Guid.NewGuid();
        // What a holder of the earlier version left when it died between its claim and its payment.
        await db.Client.ClaimIdempotencyKeyAsync(new ClaimIdempotencyRequest(payer.UserId, key, "hash-of-the-body", stranded, 30), ct);
        await db.ExpireLeaseAsync(payer.UserId, key);

        var begun = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required;

        Assert.Equal((BeginOutcome.New, stranded, PaymentStatus.Pending), (begun.Outcome, begun.PaymentId, begun.Payment!.Status));
    }

    [Fact]
    public async Task An_unknown_product_is_refused_by_field_and_neither_a_claim_nor_a_payment_is_recorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var request = payer.Begin(key) with { Items = [new OrderItem(payer.ProductId, 1), new OrderItem(long.MaxValue - 11, 1)] };

        var begun = (await db.PaymentService().BeginPaymentAsync(request, ct)).Required;

        Assert.Equal((BeginOutcome.Refused, 422), (begun.Outcome, begun.RefusalStatus));
        Assert.Equal(["items[1].productId"], begun.Errors!.Keys);
        Assert.Null(await RecordAsync(payer, key));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM payments WHERE user_id = $1", payer.UserId));
        // The key is free: the same key with a payable order is new.
        Assert.Equal(BeginOutcome.New, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key), ct)).Required.Outcome);
    }

    [Fact]
    public async Task Products_in_two_currencies_are_refused_naming_items()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var dollars = (await db.Client.CreateProductAsync(TestData.Product() with { Currency = "USD" }, ct)).Required;
        var request = payer.Begin(Payers.NewKey()) with { Items = [new OrderItem(payer.ProductId, 1), new OrderItem(dollars.Id, 1)] };

        var begun = (await db.PaymentService().BeginPaymentAsync(request, ct)).Required;

        Assert.Equal((BeginOutcome.Refused, 422), (begun.Outcome, begun.RefusalStatus));
        Assert.Equal(["items"], begun.Errors!.Keys);
    }

    [Fact]
    public async Task A_saved_card_pays_with_its_token_and_is_recorded_with_the_payment()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var card = (await db.Client.CreateCardAsync(TestData.Card(payer.UserId, vendorToken: "tok_saved_for_begin"), ct)).Required;

        var begun = (await db.PaymentService().BeginPaymentAsync(WithSavedCard(payer, card.Id), ct)).Required;

        Assert.Equal((BeginOutcome.New, "tok_saved_for_begin"), (begun.Outcome, begun.CardToken));
        Assert.Equal((card.Id, "Visa", "4242"), (begun.Payment!.CardId, begun.Payment.Vendor, begun.Payment.Last4));
    }

    [Fact]
    public async Task A_saved_card_that_is_someone_elses_expired_or_of_a_vendor_gone_is_refused_naming_savedCardId()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var stranger = await Payers.CreateAsync(db);
        var othersCard = (await db.Client.CreateCardAsync(TestData.Card(stranger.UserId), ct)).Required;
        var expired = (await db.Client.CreateCardAsync(TestData.Card(payer.UserId) with { ExpiryMonth = 4, ExpiryYear = 2031 }, ct)).Required;
        var ownCard = (await db.Client.CreateCardAsync(TestData.Card(payer.UserId), ct)).Required;

        var cases = new (BeginPaymentRequest Request, int Status)[]
        {
            (WithSavedCard(payer, othersCard.Id), 404),
            (WithSavedCard(payer, Guid.NewGuid()), 404),
            (WithSavedCard(payer, expired.Id, year: 2031, month: 5), 422),
            (WithSavedCard(payer, ownCard.Id, vendors: ["Mastercard"]), 422),
        };
        foreach (var (request, status) in cases)
        {
            var begun = (await db.PaymentService().BeginPaymentAsync(request, ct)).Required;
            Assert.Equal((BeginOutcome.Refused, status), (begun.Outcome, begun.RefusalStatus));
            Assert.Equal(["savedCardId"], begun.Errors!.Keys);
        }
        // Valid through its expiry month.
        Assert.Equal(BeginOutcome.New, (await db.PaymentService().BeginPaymentAsync(
            WithSavedCard(payer, expired.Id, year: 2031, month: 4), ct)).Required.Outcome);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM idempotency_records WHERE user_id = $1", payer.UserId));
    }

    [Fact]
    public async Task The_requests_own_answer_is_stored_with_the_key_and_replayed_without_a_payment()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var key = Payers.NewKey();
        var refusal = JsonDocument.Parse("""{"status":422,"errors":{"card.number":["is not a valid card number (Luhn check failed)"]}}""").RootElement;
        var request = payer.Begin(key) with { Card = null, Answer = new StoredResponse(422, refusal) };

        var begun = (await db.PaymentService().BeginPaymentAsync(request, ct)).Required;
        var replay = (await db.PaymentService().BeginPaymentAsync(request, ct)).Required;

        Assert.Equal(BeginOutcome.Stored, begun.Outcome);
        Assert.Equal((BeginOutcome.Replay, 422, refusal.GetRawText()), (replay.Outcome, replay.Response!.Status, replay.Response.Body!.Value.GetRawText()));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM payments WHERE user_id = $1", payer.UserId));
    }

    [Fact]
    public async Task Every_begin_counts_against_the_user_and_client_limits_but_a_poll_does_not()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var limits = Payers.Unlimited with { PerUserPerMinute = 2 };
        var key = Payers.NewKey();
        Assert.Equal(BeginOutcome.New, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key, limits: limits), ct)).Required.Outcome);
        Assert.Equal(BeginOutcome.Busy, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key, limits: limits), ct)).Required.Outcome);

        for (var i = 0; i < 3; i++)
            Assert.Equal(BeginOutcome.Busy, (await db.PaymentService().BeginPaymentAsync(
                payer.Begin(key, limits: limits) with { Poll = true }, ct)).Required.Outcome);
        var limited = (await db.PaymentService().BeginPaymentAsync(payer.Begin(Payers.NewKey(), limits: limits), ct)).Required;

        Assert.Equal((BeginOutcome.Limited, "user"), (limited.Outcome, limited.LimitedBy));
        Assert.InRange(limited.RetryAfterSeconds!.Value, 1, 60);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM idempotency_records WHERE user_id = $1", payer.UserId));

        var neighbour = (await Payers.CreateAsync(db)) with { Client = payer.Client };
        var sameClient = Payers.Unlimited with { PerClientPerMinute = 2 };
        var byClient = (await db.PaymentService().BeginPaymentAsync(neighbour.Begin(Payers.NewKey(), limits: sameClient), ct)).Required;
        Assert.Equal((BeginOutcome.Limited, "client"), (byClient.Outcome, byClient.LimitedBy));
    }

    [Fact]
    public async Task A_replay_or_a_mismatch_answers_from_the_stored_record_without_counting_against_the_limits()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var limits = Payers.Unlimited with { PerUserPerMinute = 1, PerClientPerMinute = 1 };
        var key = Payers.NewKey();
        var begun = (await db.PaymentService().BeginPaymentAsync(payer.Begin(key, limits: limits), ct)).Required;
        Assert.True((await db.PaymentService().FinishPaymentAsync(payer.Finish(key, begun), ct)).IsSuccess);

        for (var i = 0; i < 3; i++)
            Assert.Equal(BeginOutcome.Replay, (await db.PaymentService().BeginPaymentAsync(payer.Begin(key, limits: limits), ct)).Required.Outcome);
        var other = (await db.PaymentService().BeginPaymentAsync(
            payer.Begin(key, limits: limits) with { RequestHash = "another-body" }, ct)).Required;
        var next = (await db.PaymentService().BeginPaymentAsync(payer.Begin(Payers.NewKey(), limits: limits), ct)).Required;

        Assert.Equal(BeginOutcome.Mismatch, other.Outcome);
        Assert.Equal((BeginOutcome.Limited, "user"), (next.Outcome, next.LimitedBy));
    }

    [Fact]
    public async Task Too_many_declines_or_new_cards_in_the_hour_refuse_a_new_payment_and_claim_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var payer = await Payers.CreateAsync(db);
        var declinedKey = Payers.NewKey();
        var declined = (await db.PaymentService().BeginPaymentAsync(payer.Begin(declinedKey, fingerprint: new string('a', 64)), ct)).Required;
        Assert.True((await db.PaymentService().FinishPaymentAsync(payer.Finish(declinedKey, declined, PaymentStatus.Declined), ct)).IsSuccess);

        var key = Payers.NewKey();
        var byDeclines = (await db.PaymentService().BeginPaymentAsync(
            payer.Begin(key, limits: Payers.Unlimited with { DeclinesPerHour = 1 }), ct)).Required;
        var byCards = (await db.PaymentService().BeginPaymentAsync(
            payer.Begin(key, limits: Payers.Unlimited with { CardsPerHour = 1 }, fingerprint: new string('b', 64)), ct)).Required;
        var knownCard = (await db.PaymentService().BeginPaymentAsync(
            payer.Begin(key, limits: Payers.Unlimited with { CardsPerHour = 1 }, fingerprint: new string('a', 64)), ct)).Required;

        Assert.Equal((BeginOutcome.Limited, "declines", 3600), (byDeclines.Outcome, byDeclines.LimitedBy, byDeclines.RetryAfterSeconds));
        Assert.Equal((BeginOutcome.Limited, "cards"), (byCards.Outcome, byCards.LimitedBy));
        Assert.Equal(BeginOutcome.New, knownCard.Outcome);
    }

    [Theory]
    [InlineData("tokenHash", """ "tokenHash": "not-a-hash", """)]
    [InlineData("key", """ "key": "", """)]
    [InlineData("items", """ "items": [], """)]
    [InlineData("leaseSeconds", """ "leaseSeconds": 0, """)]
    [InlineData("card", """ "savedCard": {"id": "8c6a3f4e-4a4b-4c1e-9d55-0f5b0a9d7c11", "vendors": ["Visa"], "year": 2030, "month": 1}, """)]
    public async Task A_malformed_begin_is_a_400_naming_the_field(string field, string change)
    {
        var payer = await Payers.CreateAsync(db);
        var valid = JsonSerializer.SerializeToNode(payer.Begin(Payers.NewKey()), JsonSerializerOptions.Web)!.AsObject();
        var changed = JsonDocument.Parse("{" + change.Trim().TrimEnd(',') + "}").RootElement;
        foreach (var member in changed.EnumerateObject()) valid[member.Name] = System.Text.Json.Nodes.JsonNode.Parse(member.Value.GetRawText());
        using var http = db.DbService.CreateInternalClient("payment-service");

        var response = await http.PostAsJsonAsync("api/v1/pay/begin", valid, cancellationToken: TestContext.Current.CancellationToken);

        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM idempotency_records WHERE user_id = $1", payer.UserId));
    }

    private static BeginPaymentRequest WithSavedCard(Payer payer, Guid cardId, string[]? vendors = null, int year = 2030, int month = 1) =>
        payer.Begin(Payers.NewKey()) with { Card = null, SavedCard = new SavedCardMeans(cardId, vendors ?? ["Visa", "Mastercard", "Amex"], year, month) };

    private async Task<(Guid ResourceId, bool Completed)?> RecordAsync(Payer payer, string key)
    {
        await using var command = db.Sql.CreateCommand("SELECT resource_id, completed_at IS NOT NULL FROM idempotency_records WHERE user_id = $1 AND key = $2");
        command.Parameters.AddWithValue(payer.UserId);
        command.Parameters.AddWithValue(key);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetGuid(0), reader.GetBoolean(1)) : null;
    }


    private async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = db.Sql.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        return await command.ExecuteScalarAsync();
    }
}
