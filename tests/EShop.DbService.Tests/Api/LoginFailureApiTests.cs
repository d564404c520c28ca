using EShop.DbService.Tests.Support;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class LoginFailureApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task Failures_are_counted_per_lower_cased_email_and_cleared()
    {
        var email = TestData.UniqueEmail("Throttled");
        var empty = (await db.Client.GetLoginFailuresAsync(email, 3600)).Required;
        Assert.Equal((email.ToLowerInvariant(), 0, (DateTimeOffset?)null), (empty.Email, empty.Count, empty.OldestAt));

        await db.Client.RecordLoginFailureAsync(email);
        await db.Client.RecordLoginFailureAsync(email.ToUpperInvariant());
        await db.Client.RecordLoginFailureAsync(TestData.UniqueEmail("someone-else"));

        var counted = (await db.Client.GetLoginFailuresAsync(email.ToUpperInvariant(), 3600)).Required;
        Assert.Equal(2, counted.Count);
        Assert.NotNull(counted.OldestAt);

        Assert.True((await db.Client.ClearLoginFailuresAsync(email)).IsSuccess);
        Assert.Equal(0, (await db.Client.GetLoginFailuresAsync(email, 3600)).Required.Count);
    }

    [Fact]
    public async Task Failures_older_than_the_window_are_not_counted()
    {
        var email = TestData.UniqueEmail();
        await using (var old = db.Sql.CreateCommand("INSERT INTO login_failures (email, failed_at) VALUES (lower($1), now() - interval '2 hours')"))
        {
            old.Parameters.AddWithValue(email);
            await old.ExecuteNonQueryAsync();
        }
        await db.Client.RecordLoginFailureAsync(email);

        Assert.Equal(1, (await db.Client.GetLoginFailuresAsync(email, 3600)).Required.Count);
        Assert.Equal(2, (await db.Client.GetLoginFailuresAsync(email, 3 * 3600)).Required.Count);
    }

    [Fact]
    public async Task A_window_outside_one_second_to_one_day_is_a_400_naming_it()
    {
        var response = await db.Http.GetAsync($"api/v1/login-failures?email={TestData.UniqueEmail()}&windowSeconds=0");
        await response.AssertNamesFieldAsync("windowSeconds");
    }
}
