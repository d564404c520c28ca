using System.Diagnostics;
using System.Net;
using EShop.Payments.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace EShop.Payments.Tests.Telemetry;

[Collection(PaymentsCollection.Name)]
public sealed class PayTraceTests(PaymentsEnvironment env)
{
    private static readonly ActivitySource Test = new("EShop.Tests");

    [Fact]
    public async Task One_pay_request_is_one_trace_across_payment_service_db_service_and_its_SQL()
    {
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(300);
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(Test.Name, "Microsoft.AspNetCore", "System.Net.Http", "Npgsql")
            .AddInMemoryExporter(spans)
            .Build();

        HttpResponseMessage response;
        ActivityTraceId traceId;
        using (var root = Test.StartActivity("shopper pays")!)
        {
            traceId = root.TraceId;
            response = await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1)));
        }
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Server spans end just after their answer is sent: wait (bounded) until payment-service's has ended.
        var payment = await SpanAsync(spans, traceId, s => IsServerOf(s, env.Payments.BaseAddress) && Tag(s, "url.path") == "/api/v1/pay");
        await SpanAsync(spans, traceId, s => IsServerOf(s, env.DbService.BaseAddress) && Tag(s, "http.route") == "/api/v1/pay/finish");
        var trace = Snapshot(spans).Where(s => s.TraceId == traceId).ToList();
        var byId = trace.ToDictionary(s => s.SpanId);

        // The X-Request-Id answer header is the trace id.
        Assert.Equal(traceId.ToHexString(), response.Headers.GetValues("X-Request-Id").Single());
        // Every span but the test's root has its parent inside the same trace: one tree, no orphans.
        Assert.All(trace.Where(s => s.OperationName != "shopper pays"), s => Assert.True(byId.ContainsKey(s.ParentSpanId), $"{s.DisplayName} has no parent in the trace"));
        var dbServer = trace.Where(s => IsServerOf(s, env.DbService.BaseAddress)).ToList();
        Assert.NotEmpty(dbServer);
        // Each db-service request hangs under an outgoing call made inside payment-service's /pay span.
        Assert.All(dbServer, s =>
        {
            var call = byId[s.ParentSpanId];
            Assert.Equal(ActivityKind.Client, call.Kind);
            Assert.Contains(payment.SpanId, Ancestors(call, byId).Select(a => a.SpanId));
        });
        // A new payment is two db-service calls: begin (token, counters, claim, prices, pending payment) and finish.
        Assert.Equal(["/api/v1/pay/begin", "/api/v1/pay/finish"], dbServer.OrderBy(s => s.StartTimeUtc).Select(s => Tag(s, "http.route")));
        // The SQL that db-service ran for the payment is in the same trace, under its db-service request.
        var sql = trace.Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.NotEmpty(sql);
        Assert.All(sql, s => Assert.Contains(Ancestors(s, byId), a => dbServer.Contains(a)));
        // The vendor call leaves with the same trace.
        Assert.Contains(trace, s => IsServerOf(s, env.Simulator.BaseAddress));
        // And db-service's log lines for this request carry the trace id.
        Assert.Contains(env.DbService.Logs.Lines, l => l.Contains(traceId.ToHexString(), StringComparison.Ordinal));
    }

    private static bool IsServerOf(Activity span, Uri service) =>
        span.Kind == ActivityKind.Server && Tag(span, "server.port") == service.Port.ToString();

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static IEnumerable<Activity> Ancestors(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent) yield return parent;
    }

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans) return [.. spans];
    }

    private static async Task<Activity> SpanAsync(List<Activity> spans, ActivityTraceId traceId, Func<Activity, bool> match)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (Snapshot(spans).FirstOrDefault(s => s.TraceId == traceId && match(s)) is { } found) return found;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"span not exported; spans of the trace: {string.Join(", ", Snapshot(spans).Where(s => s.TraceId == traceId).Select(Describe))}");
    }

    private static string Describe(Activity s) => $"{s.Source.Name}:{s.DisplayName}:{s.Kind}:{Tag(s, "server.port")}";
}
