using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

/// <summary>POST /login-attempt reserves an attempt per account and client in one statement (reserve_login_attempt).</summary>
[Collection(DbServiceCollection.Name)]
public sealed class LoginFailureApiTests(DbServiceFixture db)
{
    private static ReserveLoginAttemptRequest Attempt(string email, string client, int sharedLimit = 100, int freeFailures = 5,
        int delayBase = 60, int delayMax = 900, int window = 3600) => new(email, client, window, sharedLimit, freeFailures, delayBase, delayMax);

    [Fact]
    public async Task Forty_parallel_attempts_from_five_clients_admit_each_clients_first_plus_exactly_the_shared_budget()
    {
        var email = TestData.UniqueEmail("attacked");
        string[] clients = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5"];
        // Per client: 3 attempts before the delay (1 first + 2 from the budget); the budget of 6 binds first.
        var attempts = Enumerable.Range(0, 40).Select(i => Attempt(i % 2 == 0 ? email : email.ToUpperInvariant(), clients[i % 5], sharedLimit: 6, freeFailures: 3));

        var reservations = await Task.WhenAll(attempts.Select(a => db.Client.ReserveLoginAttemptAsync(a)));

        Assert.Equal(5 + 6, reservations.Count(r => r.Required.Admitted));
        Assert.All(reservations.Where(r => !r.Required.Admitted), r => Assert.InRange(r.Required.RetryAfterSeconds!.Value, 1, 3600));
        var recorded = await RecordedAsync(email);
        Assert.Equal(11, recorded.Count);
        Assert.Equal(6, recorded.Count(r => r.Shared));
        Assert.All(clients, c => Assert.Single(recorded, r => r.Client == c && !r.Shared));
    }

    [Fact]
    public async Task Thirty_parallel_attempts_below_every_limit_are_all_admitted_and_recorded_once_each()
    {
        var email = TestData.UniqueEmail();
        var attempts = Enumerable.Range(0, 30).Select(i => Attempt(email, $"198.51.100.{i % 10}", freeFailures: 3));

        var reservations = await Task.WhenAll(attempts.Select(a => db.Client.ReserveLoginAttemptAsync(a)));

        Assert.All(reservations, r => Assert.True(r.Required.Admitted));
        var recorded = await RecordedAsync(email);
        Assert.Equal(30, recorded.Count);
        Assert.Equal(20, recorded.Count(r => r.Shared));
    }

    [Fact]
    public async Task When_the_shared_budget_is_spent_a_new_client_still_gets_its_attempt_and_a_success_forgets_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = TestData.UniqueEmail("victim");
        for (var i = 0; i < 4; i++) await db.Client.ReserveLoginAttemptAsync(Attempt(email, "192.0.2.66", sharedLimit: 3), ct);
        Assert.False((await db.Client.ReserveLoginAttemptAsync(Attempt(email, "192.0.2.66", sharedLimit: 3), ct)).Required.Admitted);

        Assert.True((await db.Client.ReserveLoginAttemptAsync(Attempt(email, "192.0.2.7", sharedLimit: 3), ct)).Required.Admitted);
        Assert.Equal(DbServiceClient.DbOutcome.Ok, (await db.Client.LoginSucceededAsync(email.ToUpperInvariant(), "192.0.2.7", ct)).Outcome);

        var recorded = await RecordedAsync(email);
        Assert.Equal(4, recorded.Count);
        Assert.All(recorded, r => Assert.Equal("192.0.2.66", r.Client));
    }

    [Fact]
    public async Task After_the_free_failures_each_failure_doubles_the_clients_wait_up_to_the_maximum()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var clocked = new ClockedDbService(db);
        var email = TestData.UniqueEmail();
        var attempt = Attempt(email, "192.0.2.1", freeFailures: 2, delayBase: 10, delayMax: 40);
        Assert.True((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted);
        Assert.True((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted);

        foreach (var (wait, other) in new[] { 10, 20, 40, 40 }.Select((wait, i) => (wait, $"192.0.2.{100 + i}")))
        {
            var refused = (await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required;
            Assert.False(refused.Admitted);
            Assert.Equal(wait, refused.RetryAfterSeconds!.Value, precision: 3);
            Assert.True((await clocked.Client.ReserveLoginAttemptAsync(
                attempt with { Client = other }, ct)).Required.Admitted); // only this client waits

            clocked.Clock.Advance(TimeSpan.FromSeconds(wait - 1));
            Assert.False((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted);
            clocked.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted);
        }
    }

    [Fact]
    public async Task A_spent_budget_frees_up_when_its_oldest_attempt_leaves_the_window()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var clocked = new ClockedDbService(db);
        var email = TestData.UniqueEmail();
        var attempt = Attempt(email, "192.0.2.9", sharedLimit: 2);
        Assert.True((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted); // first: not from the budget
        Assert.True((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted);
        clocked.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted);

        var refused = (await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required;
        Assert.False(refused.Admitted);
        Assert.Equal(50 * 60, refused.RetryAfterSeconds!.Value, precision: 3);

        clocked.Clock.Advance(TimeSpan.FromMinutes(50));
        Assert.True((await clocked.Client.ReserveLoginAttemptAsync(attempt, ct)).Required.Admitted);
    }

    [Theory]
    [InlineData("windowSeconds", 0)]
    [InlineData("windowSeconds", 86_401)]
    [InlineData("sharedFailureLimit", 101)]
    [InlineData("freeFailures", 0)]
    [InlineData("delayBaseSeconds", 0)]
    public async Task A_policy_value_out_of_range_is_a_400_naming_it(string field, int value)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = new Dictionary<string, object>
        {
            ["email"] = TestData.UniqueEmail(),
            ["client"] = "192.0.2.1",
            ["windowSeconds"] = 3600,
            ["sharedFailureLimit"] = 100,
            ["freeFailures"] = 5,
            ["delayBaseSeconds"] = 2,
            ["delayMaxSeconds"] = 900,
        };
        body[field] = value;
        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/login-attempt", body, cancellationToken: ct), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_empty_or_overlong_client_is_a_400_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var client in new[] { "", new string('c', 65) })
            await ProblemAssert.NamesField(
                await db.Http.PostAsJsonAsync("api/v1/login-attempt", Attempt(TestData.UniqueEmail(), client), cancellationToken: ct),
                HttpStatusCode.BadRequest,
                "client");
    }

    private async Task<List<(string Client, bool Shared)>> RecordedAsync(string email)
    {
        await using var command = db.Sql.CreateCommand("SELECT client, shared FROM login_failures WHERE email = lower($1)");
        command.Parameters.AddWithValue(email);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, bool)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetBoolean(1)));
        return rows;
    }
}
