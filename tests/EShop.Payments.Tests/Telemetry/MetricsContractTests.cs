using System.Net;
using EShop.Payments.Tests.Support;
using Xunit;

namespace EShop.Payments.Tests.Telemetry;

[Collection(PaymentsCollection.Name)]
public sealed class MetricsContractTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task Metrics_come_from_the_OpenTelemetry_Prometheus_exporter()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await env.DbService.CreateClient().GetAsync("/metrics", ct);
        var scrape = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        // target_info carries the OpenTelemetry resource, which only the SDK's exporter writes.
        Assert.Contains("# TYPE target_info gauge", scrape);
        Assert.Matches("""target_info\{[^}]*service_name="[^"]+"[^}]*telemetry_sdk_name="opentelemetry"[^}]*\}""", scrape);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Every_service_metric_that_the_alert_rules_and_the_dashboard_query_is_exposed_by_a_running_service(string stack)
    {
        var ct = TestContext.Current.CancellationToken;
        // One approved and one declined charge, so the payment counters have series.
        var shopper = await env.NewShopperAsync();
        var product = await env.CreateProductAsync(250);
        Assert.Equal(HttpStatusCode.Created, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaApprove), (product, 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired, (await shopper.PayAsync(PayBodies.WithCard(PayBodies.Card(TestCards.VisaDecline), (product, 1)))).StatusCode);
        var scraped = PlanMetricNames.ScrapedNames(await env.Payments.CreateClient().GetStringAsync("/metrics", ct));
        scraped.UnionWith(PlanMetricNames.ScrapedNames(await env.DbService.CreateClient().GetStringAsync("/metrics", ct)));

        var expressions = PlanMetricNames.Expressions(await File.ReadAllTextAsync(PlanMetricNames.PlanPath(stack), ct));
        // kube_* series come from kube-state-metrics, not from the services.
        var named = expressions.SelectMany(PlanMetricNames.MetricsIn).Where(n => !n.StartsWith("kube_", StringComparison.Ordinal)).ToHashSet();

        Assert.True(expressions.Count >= 10, $"only {expressions.Count} expressions found in the {stack} plan");
        Assert.Contains("eshop_payments_vendor_charges_total", named);
        Assert.Contains("http_server_request_duration_seconds_bucket", named);
        var missing = named.Where(n => !scraped.Contains(n)).Order().ToList();
        Assert.True(missing.Count == 0, $"queried but not exposed: {string.Join(", ", missing)}");
    }
}
