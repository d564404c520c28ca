using EShop.DbService.Contracts;
using EShop.DbService.Maintenance;
using EShop.DbService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EShop.DbService.Tests.Operations;

[Collection(DbServiceCollection.Name)]
public sealed class PurgeTests(DbServiceFixture db)
{
    [Fact]
    public async Task The_purge_deletes_expired_sessions_and_idempotency_records_and_keeps_live_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        string expired = TestData.TokenHash(), live = TestData.TokenHash();
        await db.UserServiceClient.CreateSessionAsync(new CreateSessionRequest(user.Id, expired, DateTimeOffset.UtcNow.AddMinutes(-1), 1), ct);
        await db.UserServiceClient.CreateSessionAsync(new CreateSessionRequest(user.Id, live, DateTimeOffset.UtcNow.AddHours(1), 1), ct);
        await db.Client.ClaimIdempotencyKeyAsync(new ClaimIdempotencyRequest(user.Id, "old", "h", Guid.NewGuid(), 30), ct);
        await db.Client.ClaimIdempotencyKeyAsync(new ClaimIdempotencyRequest(user.Id, "new", "h", Guid.NewGuid(), 30), ct);
        await using (var age = db.Sql.CreateCommand("UPDATE idempotency_records SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND key = 'old'"))
        {
            age.Parameters.AddWithValue(user.Id);
            await age.ExecuteNonQueryAsync(ct);
        }

        var purge = db.DbService.Services.GetServices<IHostedService>().OfType<ExpiredRecordsPurge>().Single();
        Assert.True(await purge.PurgeOnceAsync(CancellationToken.None) >= 2);

        Assert.Equal(["new"], await KeysAsync("SELECT key FROM idempotency_records WHERE user_id = $1", user.Id));
        Assert.Equal([live], await KeysAsync("SELECT token_hash FROM sessions WHERE user_id = $1", user.Id));
    }

    private async Task<List<string>> KeysAsync(string sql, Guid userId)
    {
        await using var command = db.Sql.CreateCommand(sql);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }
}
