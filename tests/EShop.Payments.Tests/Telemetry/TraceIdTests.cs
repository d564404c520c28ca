using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EShop.Payments.Tests.Support;
using Xunit;

namespace EShop.Payments.Tests.Telemetry;

[Collection(PaymentsCollection.Name)]
public sealed class TraceIdTests(PaymentsEnvironment env)
{
    [Fact]
    public async Task A_problem_answer_the_request_id_header_and_the_access_log_line_carry_the_same_W3C_trace_id()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/pay") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        // A client-chosen X-Request-Id is not an id of ours: only traceparent brings one in.
        request.Headers.Add("X-Request-Id", "client-chosen-id");
        using var response = await env.Payments.CreateClient().SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var traceId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken: ct);
        Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
        Assert.False(problem.TryGetProperty("requestId", out _));
        Assert.Contains(env.Payments.Logs.Lines, l => l.Contains("answered 401", StringComparison.Ordinal) && l.Contains($"TraceId:{traceId}", StringComparison.Ordinal));
    }
}
