using System.Net;
using System.Text.Json;
using EShop.DbServiceClient;
using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Npgsql;
using Xunit;

namespace EShop.Payments.Tests.Payments;

[Collection(PaymentsCollection.Name)]
public sealed class IdempotencyTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task A_replay_returns_the_first_answer_without_a_second_vendor_call()
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();

        var first = await shopper.PayAsync(body, key);
        var firstText = await first.Content.ReadAsStringAsync(ct);
        var attempts = await env.AdminOf(env.Simulator).AttemptsAsync("visa");
        var replay = await shopper.PayAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(firstText, await replay.Content.ReadAsStringAsync(ct));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(attempts, await env.AdminOf(env.Simulator).AttemptsAsync("visa"));
        var paymentId = (await replay.ReadJsonAsync()).GetProperty("paymentId").GetGuid();
        Assert.Single(await env.AdminOf(env.Simulator).ChargesForAsync(paymentId));
    }

    [Fact]
    public async Task A_declined_answer_is_replayed_as_well()
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.MastercardDecline), (product, 1));
        var key = Shopper.NewKey();

        var first = await shopper.PayAsync(body, key);
        var replay = await shopper.PayAsync(body, key);

        Assert.Equal((HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired), (first.StatusCode, replay.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await replay.Content.ReadAsStringAsync(ct));
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_replay_answers_the_same_even_after_the_product_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();
        var first = await shopper.PayAsync(body, key);
        Assert.Equal(DbOutcome.Ok, (await env.Db.DeleteProductAsync(product, ct)).Outcome);

        var replay = await shopper.PayAsync(body, key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, replay.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await replay.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task A_refused_card_answer_is_stored_and_replayed()
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var body = PayBodies.WithCard(PayBodies.Card("4242424242424241"), (product, 1));
        var key = Shopper.NewKey();

        var first = await shopper.PayAsync(body, key);
        var replay = await shopper.PayAsync(body, key);

        await ProblemAssert.NamesField(first, HttpStatusCode.UnprocessableEntity, "card.number");
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await replay.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_and_charges_nothing()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var key = Shopper.NewKey();
        await ResponseAssert.IsJson(
            await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1)), key), HttpStatusCode.Created);
        var chargesBefore = (await env.AdminOf(env.Simulator).ChargesAsync()).Count;

        var conflicting = await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 2)), key);

        await ProblemAssert.NamesField(conflicting, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(chargesBefore, (await env.AdminOf(env.Simulator).ChargesAsync()).Count);
    }

    [Fact]
    public async Task Keys_are_scoped_per_user()
    {
        var alice = await env.NewShopperAsync();
        var bob = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();

        var first = await ResponseAssert.IsJson(await alice.PayAsync(body, key), HttpStatusCode.Created);
        var second = await ResponseAssert.IsJson(await bob.PayAsync(body, key), HttpStatusCode.Created);

        Assert.NotEqual(first.GetProperty("paymentId").GetGuid(), second.GetProperty("paymentId").GetGuid());
    }

    [Fact]
    public async Task Fifty_concurrent_identical_requests_charge_once_and_get_identical_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(4200);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.AmexApprove), (product, 3));
        var key = Shopper.NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            var response = await shopper.PayAsync(body, key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        var paymentId = JsonDocument.Parse(responses[0].Body).RootElement.GetProperty("paymentId").GetGuid();
        Assert.Single(await env.AdminOf(env.Simulator).ChargesForAsync(paymentId));
        await using var db = await env.Sql.OpenConnectionAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM payments WHERE user_id = @user", db);
        count.Parameters.AddWithValue("user", shopper.UserId);
        Assert.Equal(1L, await count.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task A_key_is_kept_at_least_24_hours()
    {
        var ct = TestContext.Current.CancellationToken;
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var key = Shopper.NewKey();
        Assert.Equal(HttpStatusCode.Created, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1)), key)).StatusCode);

        await using var db = await env.Sql.OpenConnectionAsync(ct);
        await using var kept = new NpgsqlCommand(
            "SELECT expires_at - created_at >= interval '24 hours' FROM idempotency_records WHERE user_id = @user AND key = @key", db);
        kept.Parameters.AddWithValue("user", shopper.UserId);
        kept.Parameters.AddWithValue("key", key);
        Assert.Equal(true, await kept.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task Two_payment_service_replicas_share_the_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var replica = env.StartPaymentService(env.Simulator);
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(1500);
        var body = PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1));
        var key = Shopper.NewKey();

        var first = await shopper.PayAsync(body, key);
        var onReplica = await shopper.Using(replica.CreateClient()).PayAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, onReplica.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await onReplica.Content.ReadAsStringAsync(ct));
        Assert.True(onReplica.Headers.Contains("Idempotent-Replayed"));
    }
}
