using System.Diagnostics;

namespace EShop.TestSupport.Processes;

/// <summary>Runs a short command to completion and fails with its output when it exits non-zero.</summary>
public static class CommandRunner
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? asUser = null,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var start = asUser is null
            ? new ProcessStartInfo(file)
            : new ProcessStartInfo("setpriv", [$"--reuid={asUser}", $"--regid={asUser}", "--init-groups", "--", file]);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
        return await stdout;
    }

    public static bool IsRoot => Environment.UserName == "root";
}
