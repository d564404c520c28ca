using System.Security.Cryptography;
using EShop.AppHost.Postgres;
using EShop.TestSupport.Processes;
using Npgsql;

namespace EShop.TestSupport;

/// <summary>A private PostgreSQL server in a temporary directory on a free loopback port, for tests and
/// the tests. It never touches a system cluster. initdb and postgres refuse to run as root, so as
/// root they run as the `postgres` user (created by Debian's package) on a directory it owns.</summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string SuperUser = "eshop";
    private readonly PostgresBinaries _binaries;
    private readonly string _root;
    private readonly string? _runAs;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private ThrowawayPostgres(PostgresBinaries binaries, string root, string? runAs, int port)
    {
        _binaries = binaries;
        _root = root;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }
    private string DataDir => Path.Combine(_root, "data");
    private string LogFile => Path.Combine(_root, "postgres.log");

    /// <summary>Connection string of the server's administrative database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    public static async Task<ThrowawayPostgres> LaunchAsync(CancellationToken ct = default)
    {
        var binaries = PostgresBinaries.Find();
        var root = Directory.CreateTempSubdirectory("eshop-pg-").FullName;
        var runAs = CommandRunner.IsRoot ? "postgres" : null;
        var server = new ThrowawayPostgres(binaries, root, runAs, FreePort.Pick());
        try
        {
            await server.InitAsync(ct);
            await server.StartAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task InitAsync(CancellationToken ct)
    {
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, _password, ct);
        if (_runAs is not null)
            await CommandRunner.RunAsync("chown", ["-R", $"{_runAs}:{_runAs}", _root], ct: ct);
        await CommandRunner.RunAsync(_binaries.InitDb,
            ["-D", DataDir, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync"],
            _runAs, ct: ct);
        File.Delete(passwordFile);
    }

    /// <summary>Starts (or starts again after <see cref="StopAsync"/>) the server and waits until it accepts connections.</summary>
    public Task StartAsync(CancellationToken ct = default) =>
        CommandRunner.RunAsync(_binaries.PgCtl,
            ["-D", DataDir, "-l", LogFile, "-w", "-t", "60", "start", "-o",
             $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"],
            _runAs, ct: ct);

    public Task StopAsync(CancellationToken ct = default) =>
        CommandRunner.RunAsync(_binaries.PgCtl, ["-D", DataDir, "-m", "fast", "-w", "stop"], _runAs, ct: ct);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "")}\"", connection);
        await command.ExecuteNonQueryAsync(ct);
        return ConnectionStringFor(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDir, "postmaster.pid"))) await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the directory is removed either way.
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
