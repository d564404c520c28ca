using Xunit;

namespace EShop.TestSupport;

/// <summary>One throwaway PostgreSQL server per test class (or collection); each test class asks for
/// its own fresh database so classes never see each other's rows.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private int _databases;
    private ThrowawayPostgres? _server;

    public ThrowawayPostgres Server => _server ?? throw new InvalidOperationException("fixture not initialised");

    public async Task InitializeAsync() => _server = await ThrowawayPostgres.LaunchAsync();

    public Task<string> CreateDatabaseAsync() =>
        Server.CreateDatabaseAsync($"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
