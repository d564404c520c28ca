using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.ServiceDefaults.Configuration;
using EShop.ServiceDefaults.Security;
using EShop.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Xunit;

namespace EShop.DbService.Tests.Client;

/// <summary>The rules of the db-service client's standard resilience handler, one test each, against a scripted
/// db-service on loopback.</summary>
public sealed class DbClientResilienceTests
{
    [Fact]
    public async Task A_read_that_fails_with_503_is_retried_and_the_retry_answers()
    {
        await using var db = await ScriptedDbService.StartAsync((n, context) => n == 1 ? ScriptedDbService.Status(context, 503) : ScriptedDbService.User(context));
        await using var provider = Provider(db);

        var user = await provider.GetRequiredService<DbClient>().GetUserAsync(Guid.NewGuid(), TestContext.Current.CancellationToken);

        Assert.Equal(DbOutcome.Ok, user.Outcome);
        Assert.Equal(2, db.Requests);
    }

    [Fact]
    public async Task A_read_that_keeps_failing_is_tried_three_times_then_thrown()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await ScriptedDbService.StartAsync((_, context) => ScriptedDbService.Status(context, 503));
        await using var provider = Provider(db);

        var error = await Assert.ThrowsAsync<DbServiceException>(() => provider.GetRequiredService<DbClient>().GetUserAsync(Guid.NewGuid(), ct));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, db.Requests);
    }

    [Fact]
    public async Task A_POST_is_never_retried_because_its_first_attempt_may_have_changed_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await ScriptedDbService.StartAsync((_, context) => ScriptedDbService.Status(context, 503));
        await using var provider = Provider(db);

        await Assert.ThrowsAsync<DbServiceException>(() => provider.GetRequiredService<DbClient>().CreateUserAsync(TestData.User(), ct));

        Assert.Equal(1, db.Requests);
    }

    [Fact]
    public async Task A_DELETE_is_never_retried_because_a_repeat_would_answer_differently()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await ScriptedDbService.StartAsync((_, context) => ScriptedDbService.Status(context, 503));
        await using var provider = Provider(db);

        await Assert.ThrowsAsync<DbServiceException>(() => provider.GetRequiredService<DbClient>().DeleteUserAsync(Guid.NewGuid(), ct));

        Assert.Equal(1, db.Requests);
    }

    [Fact]
    public async Task An_attempt_that_outlasts_its_timeout_is_cut_and_reported_as_an_outage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await ScriptedDbService.StartAsync(async (_, context) => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        await using var provider = Provider(db, o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
        });

        // A POST has one attempt: the attempt timeout alone ends it, as the HttpRequestException every caller maps to 503.
        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => provider.GetRequiredService<DbClient>().CreateUserAsync(TestData.User(), ct));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        Assert.Equal(1, db.Requests);
    }

    [Fact]
    public async Task The_total_timeout_bounds_a_read_and_its_retries()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await ScriptedDbService.StartAsync(async (_, context) => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        await using var provider = Provider(db, o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(1.5);
        });

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => provider.GetRequiredService<DbClient>().GetUserAsync(Guid.NewGuid(), ct));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
        // Without the total budget all three attempts would run; a third cannot start before 2 x 1 s > 1.5 s.
        // (Whether the retry reaches the stub before the budget ends depends on the machine's load.)
        Assert.InRange(db.Requests, 1, 2);
    }

    [Fact]
    public async Task After_enough_failures_the_circuit_opens_and_calls_fail_fast_without_reaching_db_service()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await ScriptedDbService.StartAsync((_, context) => ScriptedDbService.Status(context, 500));
        await using var provider = Provider(db, o =>
        {
            o.CircuitBreaker.MinimumThroughput = 4;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(1);
        });
        var client = provider.GetRequiredService<DbClient>();

        for (var i = 0; i < 4; i++) await Assert.ThrowsAsync<DbServiceException>(() => client.CreateUserAsync(TestData.User(), ct));
        var failedFast = await Assert.ThrowsAsync<HttpRequestException>(() => client.CreateUserAsync(TestData.User(), ct));

        Assert.IsType<Polly.CircuitBreaker.BrokenCircuitException>(failedFast.InnerException);
        Assert.Equal(4, db.Requests);
    }

    [Fact]
    public async Task Expected_outcomes_such_as_404_are_answers_not_failures_and_are_not_retried()
    {
        await using var db = await ScriptedDbService.StartAsync((_, context) => ScriptedDbService.Status(context, StatusCodes.Status404NotFound));
        await using var provider = Provider(db);

        var user = await provider.GetRequiredService<DbClient>().GetUserAsync(Guid.NewGuid(), TestContext.Current.CancellationToken);

        Assert.Equal(DbOutcome.NotFound, user.Outcome);
        Assert.Equal(1, db.Requests);
    }

    private static ServiceProvider Provider(LoopbackStub db, Action<HttpStandardResilienceOptions>? adjust = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Services:DbService"] = db.BaseAddress.ToString(),
            ["InternalAuth:Token"] = TestSettings.CredentialOf("user-service"),
        }).Build());
        services.AddDbServiceClient();
        if (adjust is not null) services.Configure(DbClientRegistration.ResilienceOptionsName, adjust);
        return services.BuildServiceProvider();
    }
}
