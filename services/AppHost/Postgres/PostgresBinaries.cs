namespace EShop.AppHost.Postgres;

public sealed class PostgresNotInstalledException(string message) : Exception(message);

/// <summary>Finds the PostgreSQL server programs: on PATH, else Debian's /usr/lib/postgresql/N/bin (newest N).
/// Shared with the tests' throwaway servers (linked into EShop.TestSupport).</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public const string InstallCommand = "sudo apt-get install -y postgresql";

    public const string InstallHint =
        $"PostgreSQL server not found (initdb, pg_ctl): install it with `{InstallCommand}` (or run this as root, which installs it).";

    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");
    public string Server => Path.Combine(BinDirectory, "postgres");
    public string CreateDb => Path.Combine(BinDirectory, "createdb");

    public static PostgresBinaries? TryFind()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
            dirs.InsertRange(0, Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        var dir = dirs.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return dir is null ? null : new PostgresBinaries(dir);
    }

    public static PostgresBinaries Find() => TryFind() ?? throw new PostgresNotInstalledException(InstallHint);

    /// <summary>initdb and postgres refuse to run as root: as root they run as Debian's `postgres` user.</summary>
    public static bool IsRoot => Environment.UserName == "root";
}
