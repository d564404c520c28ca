using System.Text.Json;
using EShop.DevEnvironment.Catalog;
using EShop.DevEnvironment.Processes;
using Xunit;

namespace EShop.Shop.Tests.EndToEnd;

/// <summary>The shop as a user reaches it: the base URL in ESHOP_BASE_URL (e.g. the staging stack), or
/// else the real local run (`services/LocalRun`) started here as a process on a free port, exactly as
/// the README's run command starts it.</summary>
public sealed class ShopUnderTest : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);
    private ServiceProcess? _localRun;
    private string? _logPath;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Set only for the local run: its state file (replica addresses) and work folder.</summary>
    public string? WorkDir { get; private set; }

    public bool IsLocal => _localRun is not null;

    public HttpClient CreateClient() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("ESHOP_BASE_URL");
        if (!string.IsNullOrWhiteSpace(external))
        {
            BaseUrl = new Uri(external);
            return;
        }

        var root = RepositoryRoot.Find();
        await CommandRunner.RunAsync("dotnet", ["build", Path.Combine(root, "services/LocalRun/EShop.LocalRun.csproj"), "--nologo", "-v", "q"]);
        var port = FreePort.Pick();
        _logPath = Path.Combine(Path.GetTempPath(), $"eshop-localrun-{Guid.NewGuid():N}.log");
        _localRun = ServiceProcess.Start("local-run", "dotnet",
            [Path.Combine(root, "services/LocalRun/bin/Debug/net10.0/EShop.LocalRun.dll"), "--port", port.ToString()],
            new Dictionary<string, string>(), _logPath);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var output = File.Exists(_logPath) ? await ReadSharedAsync(_logPath) : "";
            var ready = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("ESHOP_READY ", StringComparison.Ordinal));
            if (ready is not null)
            {
                BaseUrl = new Uri(ready.Trim()["ESHOP_READY ".Length..]);
                WorkDir = output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("ESHOP_WORKDIR ", StringComparison.Ordinal))["ESHOP_WORKDIR ".Length..];
                return;
            }
            if (_localRun.HasExited)
                throw new InvalidOperationException($"the local run exited before it was ready:\n{output}");
            await Task.Delay(250);
        }
        throw new TimeoutException($"the local run was not ready within {StartTimeout}:\n{await ReadSharedAsync(_logPath)}");
    }

    /// <summary>Each service's replica addresses, from the local run's state file.</summary>
    public IReadOnlyDictionary<string, Uri[]> ReplicaUrls()
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkDir!, "state.json")));
        return state.RootElement.GetProperty("replicas").EnumerateObject().ToDictionary(
            p => p.Name, p => p.Value.EnumerateArray().Select(r => new Uri(r.GetProperty("url").GetString()!)).ToArray());
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return await reader.ReadToEndAsync();
    }

    public async Task DisposeAsync()
    {
        if (_localRun is null) return;
        await _localRun.StopAsync(TimeSpan.FromSeconds(60)); // SIGTERM: the run stops its services and PostgreSQL
        await _localRun.DisposeAsync();
        if (_logPath is not null) File.Delete(_logPath);
    }
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopUnderTest>
{
    public const string Name = "shop through the edge gateway";
}
