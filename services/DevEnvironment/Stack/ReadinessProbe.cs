using EShop.DevEnvironment.Processes;

namespace EShop.DevEnvironment.Stack;

public static class ReadinessProbe
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Polls the URL until it answers 200; fails fast with the process's last log line if it dies.</summary>
    public static async Task WaitAsync(Uri url, ServiceProcess process, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new LocalStackException($"{process.Name} failed to start: {process.LastLogLine()} (log: {process.LogPath})");
            try
            {
                using var response = await Http.GetAsync(url, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(200, ct);
        }
        throw new LocalStackException($"{process.Name} did not become ready at {url} within {timeout.TotalSeconds:0} s (log: {process.LogPath})");
    }
}
