using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace EShop.Reliability.Stack;

/// <summary>One resource of the app model seen as a process: its state from the app host's notifications, and the
/// signals a platform sends. DCP starts a project as `dotnet run`, whose child is the service itself: signals go to
/// that child, as Kubernetes sends them to a container's main process.</summary>
public sealed class ResourceProcess(DistributedApplication app, ResourceStates states, string name)
{
    private static readonly string[] ExitedStates = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    public string Name { get; } = name;

    public int Pid => states.Pid(Name) ?? throw new InvalidOperationException($"{Name} has no process");

    public bool HasExited => states.State(Name) is { } state && ExitedStates.Contains(state);

    /// <summary>The innermost descendant of the resource's process: the service itself, not `dotnet run`.</summary>
    public int MainPid
    {
        get
        {
            var pid = Pid;
            while (Children(pid).FirstOrDefault() is var child && child != 0) pid = child;
            return pid;
        }
    }

    public void Signal(PosixSignalNumber signal) => Posix.Kill(MainPid, (int)signal);

    /// <summary>A signal to the resource's own process: for an executable that forks workers of its own (PostgreSQL's
    /// postmaster), whose innermost descendant is one of those workers.</summary>
    public void SignalResourceProcess(PosixSignalNumber signal) => Posix.Kill(Pid, (int)signal);

    /// <summary>SIGTERM (graceful shutdown), then SIGKILL if it is still running after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited) return;
        Signal(PosixSignalNumber.Term);
        if (!await WaitExitedAsync(grace)) KillHard();
        await WaitExitedAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGKILL at once: for fault tests that need a replica to die mid-request.</summary>
    public void KillHard()
    {
        var main = MainPid;
        var outer = Pid;
        Posix.Kill(main, (int)PosixSignalNumber.Kill);
        if (outer != main) Posix.Kill(outer, (int)PosixSignalNumber.Kill);
    }

    public async Task<bool> WaitExitedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!HasExited)
        {
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(100);
        }
        return true;
    }

    /// <summary>Starts the exited resource again (as Kubernetes restarts a container) and waits until it is healthy.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var result = await app.ResourceCommands.ExecuteCommandAsync(Name, KnownResourceCommands.StartCommand, cts.Token);
        if (!result.Success) throw new InvalidOperationException($"{Name} did not start: {result.Message}");
        await app.ResourceNotifications.WaitForResourceHealthyAsync(Name, cts.Token);
    }

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(path)) return [];
        try
        {
            return File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }
}

public enum PosixSignalNumber { Int = 2, Kill = 9, Term = 15 }

internal static partial class Posix
{
    public static void Kill(int pid, int signal) => _ = kill(pid, signal);

    [System.Runtime.InteropServices.LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
