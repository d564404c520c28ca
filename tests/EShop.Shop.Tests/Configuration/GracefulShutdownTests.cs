using System.Net;
using EShop.TestSupport;
using EShop.TestSupport.Processes;
using Xunit;

namespace EShop.Shop.Tests.Configuration;

/// <summary>The real service binary on SIGTERM: while it drains it still answers, reports itself unready and
/// asks its callers to close each connection, then exits cleanly.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task A_stopping_service_keeps_answering_turns_unready_and_closes_kept_alive_connections()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Pick();
        var log = Path.GetTempFileName();
        await using var service = ServiceProcess.Start("user-service", "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "EShop.UserService.dll")],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["InternalAuth__Token"] = TestSettings.CredentialOf("user-service"),
                ["Services__DbService"] = "http://127.0.0.1:9",
                ["Shutdown__DrainSeconds"] = "20",
            }, log);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilAsync(async () => (await TryGetAsync(http, "/healthz"))?.StatusCode == HttpStatusCode.OK);
        var before = await http.GetAsync("/healthz", ct);
        Assert.False(before.Headers.ConnectionClose == true);

        service.Terminate();
        await WaitUntilAsync(async () => (await TryGetAsync(http, "/healthz"))?.Headers.ConnectionClose == true);

        var live = await http.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(live.Headers.ConnectionClose);
        var ready = await http.GetAsync("/readyz", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("shutting down", await ready.Content.ReadAsStringAsync(ct));
        File.Delete(log);
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path)
    {
        try { return await http.GetAsync(path); }
        catch (HttpRequestException) { return null; }
    }

    // Bounded polling: at most 240 tries, 250 ms apart.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 240; i++)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException("condition not reached");
    }
}
