namespace EShop.Reliability.Stack;

public sealed record LocalStackOptions
{
    /// <summary>Processes per service behind the gateway (2+ for fault tests).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Extra settings for every service process (e.g. raised rate limits), as environment variable names.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();
}

/// <summary>A start-up problem that is reported as one clear line.</summary>
public sealed class LocalStackException(string message, Exception? inner = null) : Exception(message, inner);
