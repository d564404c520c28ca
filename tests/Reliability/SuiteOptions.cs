using EShop.Reliability.Stack;

namespace EShop.Reliability;

/// <summary>Command line: [--workers N] [--seconds N] [--only TEXT] (the scenarios whose name contains TEXT).</summary>
public sealed record SuiteOptions(int Workers, int SteadySeconds, string? Only = null)
{
    public const string Usage = "usage: dotnet run --project tests/Reliability -c Release -- [--workers 12] [--seconds 30] [--only hostile]";

    public static SuiteOptions Parse(string[] args)
    {
        var options = new SuiteOptions(Workers: 12, SteadySeconds: 30);
        for (var i = 0; i < args.Length; i++)
        {
            int Number(int min, int max) => i + 1 < args.Length && int.TryParse(args[++i], out var n) && n >= min && n <= max
                ? n : throw new ArgumentException($"{args[i]} needs a number from {min} to {max}");
            options = args[i] switch
            {
                "--workers" => options with { Workers = Number(1, 64) },
                "--seconds" => options with { SteadySeconds = Number(5, 300) },
                "--only" when i + 1 < args.Length => options with { Only = args[++i] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }

    /// <summary>The stack the suite runs: two replicas of everything behind the gateway. Login
    /// throttling is raised (one loopback client is not an attack), and the vendors' timeout and breaker are
    /// shortened so the fault scenarios fit in minutes (production defaults: 10 s timeout, 30 s break).</summary>
    public LocalStackOptions Stack() => new()
    {
        Replicas = 2,
        ExtraEnvironment = new Dictionary<string, string>(new[] { "Visa", "Mastercard", "Amex" }.SelectMany(vendor => new Dictionary<string, string>
        {
            [$"Vendors__{vendor}__TimeoutSeconds"] = "3",
            [$"Vendors__{vendor}__BreakSeconds"] = "5",
        }))
        {
            ["LoginLimits__PerClientPermitLimit"] = "1000000",
            // Every client of the suite comes from one address and a few accounts: the abuse limits would be the test.
            ["Payments__PerClientPerMinute"] = "100000",
            ["Payments__PerUserPerMinute"] = "100000",
            ["Payments__DeclinesPerHour"] = "10000",
            ["Payments__CardsPerHour"] = "10000",
            // The reconciler settles what a scenario leaves pending within the suite's minutes.
            ["Payments__ReconcileIntervalSeconds"] = "2",
            ["Payments__ReconcileAfterSeconds"] = "5",
            ["Payments__FailAfterSeconds"] = "30",
        },
    };
}
