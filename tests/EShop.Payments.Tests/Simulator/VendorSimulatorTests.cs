using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Simulator;

/// <summary>The simulator's own contract, which the adapters and the reliability suite rely on.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class VendorSimulatorTests(PaymentsEnvironment env)
{
    private HttpClient Client(string? apiKey = PaymentsEnvironment.SimulatorKey)
    {
        var client = env.Simulator.CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private static object Charge(string number, long amountMinor = 500, bool tokenize = false) => new
    {
        amountMinor,
        currency = "EUR",
        tokenize,
        card = new { number, expiryMonth = 12, expiryYear = PayBodies.FutureYear, cvc = TestCards.CvcFor(number), holderName = "Ada" },
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Vendor_and_admin_routes_need_the_api_key_health_does_not()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Client(null), "/v1/visa/charges", Charge(TestCards.VisaApprove), "k")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Client("wrong-key-0123456789"), "/v1/visa/charges", Charge(TestCards.VisaApprove), "k")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(null).GetAsync("/admin/charges", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(null).GetAsync("/healthz", ct)).StatusCode);
    }

    [Fact]
    public async Task A_charge_is_idempotent_on_its_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client();
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(client, "/v1/visa/charges", Charge(TestCards.VisaApprove), key);
        var replay = await PostAsync(client, "/v1/visa/charges", Charge(TestCards.VisaApprove), key);
        var otherAmount = await PostAsync(client, "/v1/visa/charges", Charge(TestCards.VisaApprove, amountMinor: 501), key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, replay.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await replay.Content.ReadAsStringAsync(ct));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Conflict, otherAmount.StatusCode);
        Assert.Single(await env.AdminOf(env.Simulator).ChargesAsync(), c => c.IdempotencyKey == key);
    }

    [Fact]
    public async Task A_tokenised_card_is_charged_by_token_at_its_own_vendor_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client();
        var approved = await (await PostAsync(client, "/v1/amex/charges", Charge(TestCards.AmexApprove, tokenize: true), Guid.NewGuid().ToString()))
            .Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct);
        var token = approved.GetProperty("cardToken").GetString()!;
        Assert.DoesNotMatch("[0-9]{12,}", token);

        var byToken = new { amountMinor = 700, currency = "EUR", cardToken = token, tokenize = false };
        var charged = await PostAsync(client, "/v1/amex/charges", byToken, Guid.NewGuid().ToString());
        var elsewhere = await PostAsync(client, "/v1/visa/charges", byToken, Guid.NewGuid().ToString());

        Assert.Equal("0005", (await charged.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct)).GetProperty("last4").GetString());
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Voiding_is_idempotent_and_only_for_approved_charges()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Client();
        var approved = await (await PostAsync(client, "/v1/visa/charges", Charge(TestCards.VisaApprove), Guid.NewGuid().ToString())).Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct);
        var declined = await (await PostAsync(client, "/v1/visa/charges", Charge(TestCards.VisaDecline), Guid.NewGuid().ToString())).Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct);
        var approvedId = approved.GetProperty("chargeId").GetString();

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/v1/visa/charges/{approvedId}/void", new { }, "v1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, $"/v1/visa/charges/{approvedId}/void", new { }, "v1")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(client, $"/v1/visa/charges/{declined.GetProperty("chargeId").GetString()}/void", new { }, "v2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, $"/v1/amex/charges/{approvedId}/void", new { }, "v3")).StatusCode);
        Assert.Equal("voided", (await env.AdminOf(env.Simulator).ChargesAsync()).Single(c => c.ChargeId == approvedId).Status);
    }

    [Fact]
    public async Task A_counted_fail_fault_refuses_the_next_requests_without_charging()
    {
        var simulator = env.StartSimulator();
        var admin = env.AdminOf(simulator);
        var client = simulator.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", PaymentsEnvironment.SimulatorKey);
        await admin.SetFaultAsync("fail", vendor: "mastercard", count: 1);

        var refused = await PostAsync(client, "/v1/mastercard/charges", Charge(TestCards.MastercardApprove), "same-key");
        var otherVendor = await PostAsync(client, "/v1/visa/charges", Charge(TestCards.VisaApprove), "visa-key");
        var retried = await PostAsync(client, "/v1/mastercard/charges", Charge(TestCards.MastercardApprove), "same-key");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (otherVendor.StatusCode, retried.StatusCode));
        Assert.Equal(2, (await admin.ChargesAsync()).Count);
        Assert.Equal(2, await admin.AttemptsAsync("mastercard"));
    }

    [Fact]
    public async Task An_unknown_fault_mode_is_a_400_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await Client().PostAsJsonAsync("/admin/faults", new { mode = "explode" }, cancellationToken: ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "mode");
    }
}
