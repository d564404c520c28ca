using Microsoft.Extensions.Configuration;

namespace EShop.AppHost;

/// <summary>The local run's settings (section <c>LocalRun</c>): on the command line
/// (<c>dotnet run --project services/AppHost -- --LocalRun:Replicas=2</c>) or as env <c>LocalRun__EdgePort=9090</c>.</summary>
public sealed record LocalRunOptions(int EdgePort, int Replicas, IReadOnlyDictionary<string, string> ServiceSettings, CanaryRun? Canary = null)
{
    public const string Section = "LocalRun";

    /// <param name="publicServices">The services the edge routes: the only ones that can have a canary.</param>
    public static LocalRunOptions From(IConfiguration configuration, IReadOnlyCollection<string> publicServices)
    {
        var section = configuration.GetSection(Section);
        var edgePort = Number(section, "EdgePort", 8080, 0, 65535);
        var replicas = Number(section, "Replicas", 1, 1, 5);
        // Every key below LocalRun:Settings goes to every service as an environment variable (":" becomes "__").
        var settings = section.GetSection("Settings").AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key.Replace(":", "__"), p => p.Value!);
        var canary = section["Canary"] is { } text ? CanaryRun.Parse(text, publicServices) : null;
        return new LocalRunOptions(edgePort, replicas, settings, canary);
    }

    private static int Number(IConfigurationSection section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (text is null) return fallback;
        return int.TryParse(text, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{Section}__{key} must be a whole number from {min} to {max} (was '{text}')");
    }
}

/// <summary><c>--LocalRun:Canary=product-service=10</c>: a canary replica group of one public service beside its stable
/// replicas, getting that percent of the edge's requests for it.</summary>
public sealed record CanaryRun(string Service, int Weight)
{
    public static CanaryRun Parse(string text, IReadOnlyCollection<string> publicServices)
    {
        var parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[1], out var weight) || weight is < 0 or > 100)
            throw new InvalidOperationException($"{LocalRunOptions.Section}__Canary must be SERVICE=WEIGHT with a weight from 0 to 100 (was '{text}')");
        if (!publicServices.Contains(parts[0]))
            throw new InvalidOperationException(
                $"{LocalRunOptions.Section}__Canary names '{parts[0]}', not a public service ({string.Join(", ", publicServices)})");
        return new CanaryRun(parts[0], weight);
    }
}
