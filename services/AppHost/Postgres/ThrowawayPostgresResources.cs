using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EShop.AppHost.Postgres;

/// <summary>A private PostgreSQL as executable resources: <c>postgres-initdb</c> makes a cluster in a temporary
/// directory, <c>postgres</c> serves it on a loopback port (healthy once it accepts logins), <c>postgres-createdb</c>
/// makes the shop's database. The directory is removed when the app host stops.</summary>
public static class ThrowawayPostgresResources
{
    private const string SuperUser = "eshop";
    public const string Database = "eshop";

    public sealed record ThrowawayPostgres(IResourceBuilder<ExecutableResource> Server, IResourceBuilder<ExecutableResource> Database,
        string ConnectionString, string DataDirectory);

    public static ThrowawayPostgres AddThrowawayPostgres(this IDistributedApplicationBuilder builder, PostgresBinaries binaries, int port, string password)
    {
        var root = Directory.CreateTempSubdirectory("eshop-pg-").FullName;
        var data = Path.Combine(root, "data");
        var passwordFile = Path.Combine(root, "pwfile");
        File.WriteAllText(passwordFile, password);
        var runAs = PostgresBinaries.IsRoot ? "postgres" : null;
        if (runAs is not null && !OperatingSystem.IsWindows())
        {
            // The postgres user creates the cluster and its socket here, and reads the password file.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        builder.Services.AddHostedService(sp => new DirectoryRemoval(sp.GetRequiredService<IHostApplicationLifetime>(), root));

        var initdb = AddProgram(builder, "postgres-initdb", binaries.InitDb, runAs, root,
            "-D", data, "-U", SuperUser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync");

        var admin = ConnectionString(port, password, "postgres");
        var healthCheck = "postgres-accepts-logins";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async ct =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        });
        var server = AddProgram(builder, "postgres", binaries.Server, runAs, root,
                "-D", data, "-p", port.ToString(), "-k", root, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
                // A throwaway cluster: durability is not worth the time it costs.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
            .WaitForCompletion(initdb)
            .WithHealthCheck(healthCheck);

        var createdb = AddProgram(builder, "postgres-createdb", binaries.CreateDb, runAs: null, root,
                "-h", "127.0.0.1", "-p", port.ToString(), "-U", SuperUser, Database)
            .WithEnvironment("PGPASSWORD", password)
            .WaitFor(server);

        return new ThrowawayPostgres(server, createdb, ConnectionString(port, password, Database), data);
    }

    public static string ConnectionString(int port, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = SuperUser,
        Password = password,
        Database = database,
    }.ConnectionString;

    private static IResourceBuilder<ExecutableResource> AddProgram(IDistributedApplicationBuilder builder, string name, string program,
        string? runAs, string workingDirectory, params string[] arguments) => runAs is null
        ? builder.AddExecutable(name, program, workingDirectory, arguments)
        // setpriv (util-linux, in /usr/bin) execs the program as that user: the resource's process is the program itself.
        : builder.AddExecutable(name, "setpriv", workingDirectory, [$"--reuid={runAs}", $"--regid={runAs}", "--init-groups", "--", program, .. arguments]);

    private sealed class DirectoryRemoval(IHostApplicationLifetime lifetime, string directory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopped.Register(Remove);
            // A process that hosts the model (a test) may end without stopping it.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove();
            return Task.CompletedTask;
        }

        private void Remove()
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
