using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EShop.TestSupport.Processes;

/// <summary>One long-running child process (a service replica, nginx) with its output in a log file.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private const int SigHup = 1;
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(string name, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Name { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(string name, string file, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // a child must not read the runner's terminal (Ctrl-C goes to the runner)
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(name, process, log, logPath);
    }

    /// <summary>The last non-empty line the process wrote, for one-line failure reports.</summary>
    public string LastLogLine()
    {
        lock (_log) _log.Flush();
        try
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
        }
        catch (IOException)
        {
            return "(no output)";
        }
    }

    /// <summary>SIGHUP: nginx re-reads its configuration, old workers finish their requests.</summary>
    public void Reload()
    {
        if (!_process.HasExited) _ = kill(_process.Id, SigHup);
    }

    /// <summary>Sends SIGTERM (graceful shutdown) without waiting.</summary>
    public void Terminate()
    {
        if (!_process.HasExited) _ = kill(_process.Id, SigTerm);
    }

    /// <summary>SIGTERM (graceful shutdown), then SIGKILL if it is still running after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        Terminate();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL at once: for fault tests that need a replica to die mid-request.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
