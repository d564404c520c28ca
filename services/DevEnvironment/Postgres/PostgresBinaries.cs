namespace EShop.DevEnvironment.Postgres;

public sealed class PostgresNotInstalledException(string message) : Exception(message);

/// <summary>Finds the PostgreSQL server programs: on PATH, else Debian's /usr/lib/postgresql/N/bin (newest N).</summary>
public sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    public const string InstallHint =
        "PostgreSQL server not found (initdb, pg_ctl): install it with `sudo apt-get install -y postgresql` " +
        "(or run `bash tests/run.sh` as root, which installs it).";

    public static PostgresBinaries Find()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
            dirs.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));

        foreach (var dir in dirs)
        {
            string initdb = Path.Combine(dir, "initdb"), pgctl = Path.Combine(dir, "pg_ctl");
            if (File.Exists(initdb) && File.Exists(pgctl)) return new PostgresBinaries(initdb, pgctl);
        }
        throw new PostgresNotInstalledException(InstallHint);
    }
}
