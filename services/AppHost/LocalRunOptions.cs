using Microsoft.Extensions.Configuration;

namespace EShop.AppHost;

/// <summary>The local run's settings (section <c>LocalRun</c>): on the command line
/// (<c>dotnet run --project services/AppHost -- --LocalRun:Replicas=2</c>) or as env <c>LocalRun__EdgePort=9090</c>.</summary>
public sealed record LocalRunOptions(int EdgePort, int Replicas, IReadOnlyDictionary<string, string> ServiceSettings)
{
    public const string Section = "LocalRun";

    public static LocalRunOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var edgePort = Number(section, "EdgePort", 8080, 0, 65535);
        var replicas = Number(section, "Replicas", 1, 1, 5);
        // Every key below LocalRun:Settings goes to every service as an environment variable (":" becomes "__").
        var settings = section.GetSection("Settings").AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key.Replace(":", "__"), p => p.Value!);
        return new LocalRunOptions(edgePort, replicas, settings);
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
