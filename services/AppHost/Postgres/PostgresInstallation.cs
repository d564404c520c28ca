using System.Diagnostics;

namespace EShop.AppHost.Postgres;

/// <summary>PostgreSQL from the OS packages when it is missing: installed when the run is root on Debian/Ubuntu,
/// otherwise one line naming the command.</summary>
public static class PostgresInstallation
{
    public static PostgresBinaries Ensure()
    {
        if (PostgresBinaries.TryFind() is { } found) return found;
        if (!PostgresBinaries.IsRoot || !File.Exists("/usr/bin/apt-get")) throw new PostgresNotInstalledException(PostgresBinaries.InstallHint);

        Console.WriteLine("PostgreSQL not found: installing it from the OS packages (apt-get install postgresql)");
        // policy-rc.d 101: the package's system cluster is not started; the run starts its own throwaway server.
        const string policy = "/usr/sbin/policy-rc.d";
        var createdPolicy = !File.Exists(policy);
        if (createdPolicy) File.WriteAllText(policy, "#!/bin/sh\nexit 101\n");
        try
        {
            if (createdPolicy && !OperatingSystem.IsWindows()) File.SetUnixFileMode(policy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Run("apt-get", "update", "-qq");
            Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql");
        }
        finally
        {
            if (createdPolicy) File.Delete(policy);
        }
        return PostgresBinaries.Find();
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new PostgresNotInstalledException($"could not start {file}");
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new PostgresNotInstalledException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}; {PostgresBinaries.InstallHint}");
    }
}
