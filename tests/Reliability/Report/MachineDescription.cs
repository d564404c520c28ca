using System.Globalization;
using System.Runtime.InteropServices;

namespace EShop.Reliability.Report;

/// <summary>What the figures were measured on, including how busy the machine already was.</summary>
public static class MachineDescription
{
    public static string Now()
    {
        var cpu = ReadLine("/proc/cpuinfo", l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadLine("/proc/meminfo", l => l.StartsWith("MemTotal", StringComparison.Ordinal)) is { } m
            ? (long.Parse(m.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
            : "?";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>The 1/5/15-minute load averages: with other work on the machine the figures are lower than on an idle one.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string? ReadLine(string path, Func<string, bool> match) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault(match) : null;
}
