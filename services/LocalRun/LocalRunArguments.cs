using EShop.DevEnvironment.Stack;

namespace EShop.LocalRun;

/// <summary>Command line: [--port N] [--replicas N] [--connection-string CS] [--no-build] [--release] [--env KEY=VALUE]...</summary>
public static class LocalRunArguments
{
    public const string Usage =
        "usage: dotnet run --project services/LocalRun -- [--port 8080] [--replicas 1] [--connection-string \"Host=...\"] [--no-build] [--release] [--env KEY=VALUE]...";

    public static LocalStackOptions Parse(string[] args)
    {
        var options = new LocalStackOptions();
        var env = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--port" => options with { GatewayPort = Port(Value()) },
                "--replicas" => options with { Replicas = Count(Value()) },
                "--connection-string" => options with { ConnectionString = Value() },
                "--no-build" => options with { Build = false },
                "--release" => options with { Configuration = "Release" },
                "--env" => AddEnv(options, env, Value()),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options with { ExtraEnvironment = env };
    }

    private static LocalStackOptions AddEnv(LocalStackOptions options, Dictionary<string, string> env, string pair)
    {
        var eq = pair.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--env expects KEY=VALUE, got '{pair}'");
        env[pair[..eq]] = pair[(eq + 1)..];
        return options;
    }

    private static int Port(string value) =>
        int.TryParse(value, out var port) && port is > 0 and < 65536 ? port : throw new ArgumentException($"--port must be 1-65535, got '{value}'");

    private static int Count(string value) =>
        int.TryParse(value, out var n) && n is >= 1 and <= 8 ? n : throw new ArgumentException($"--replicas must be 1-8, got '{value}'");
}
