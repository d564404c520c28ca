namespace EShop.DevEnvironment.Stack;

public sealed record LocalStackOptions
{
    /// <summary>The edge gateway's port on 127.0.0.1 (the only address a user needs).</summary>
    public int GatewayPort { get; init; } = 8080;

    /// <summary>Processes per service behind the gateway (2+ for fault tests).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Use this PostgreSQL instead of starting a throwaway server.</summary>
    public string? ConnectionString { get; init; }

    public bool Build { get; init; } = true;
    public string Configuration { get; init; } = "Debug";

    /// <summary>Extra environment variables for every service process (e.g. raised rate limits for benchmarks).</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();
}

/// <summary>A start-up problem that is reported as one clear line.</summary>
public sealed class LocalStackException(string message) : Exception(message);
