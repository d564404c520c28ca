using System.Net;
using System.Text;
using EShop.Payments.Tests.Support;
using Xunit;

namespace EShop.Payments.Tests.Telemetry;

[Collection(PaymentsCollection.Name)]
public sealed class OtlpExportTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task With_the_standard_OTEL_variables_set_a_service_exports_its_request_spans_by_OTLP()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var collector = await OtlpReceiver.StartAsync();
        var payments = env.StartPaymentService(env.Simulator, null,
            ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.BaseAddress.ToString().TrimEnd('/')),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "payment-service-otlp-probe"),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"));

        using var response = await payments.CreateClient().PostAsync(
            "/api/v1/pay", new StringContent("{}", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var traceId = Convert.FromHexString(response.Headers.GetValues("X-Request-Id").Single());

        // Bounded wait for the batch processor's next export (every 100 ms here).
        byte[]? export = null;
        for (var attempt = 0; attempt < 100 && export is null; attempt++)
        {
            export = collector.Exports.Where(e => e.Path == "/v1/traces").Select(e => e.Body).FirstOrDefault(b => b.AsSpan().IndexOf(traceId) >= 0);
            if (export is null) await Task.Delay(100, ct);
        }

        Assert.NotNull(export);
        Assert.True(export.AsSpan().IndexOf("payment-service-otlp-probe"u8) >= 0, "the resource names the service by OTEL_SERVICE_NAME");
        Assert.DoesNotContain(collector.Exports, e => e.Path is "/v1/metrics" or "/v1/logs");
    }
}
