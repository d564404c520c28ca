using System.Net;
using EShop.DbService.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Operations;

[CollectionDefinition(Name)]
public sealed class ReadinessCollection : ICollectionFixture<DbServiceFixture>
{
    public const string Name = "db-service readiness (own PostgreSQL: it is stopped and started)";
}

[Collection(ReadinessCollection.Name)]
public sealed class ReadinessTests(DbServiceFixture db)
{
    [Fact]
    public async Task Readiness_follows_postgres_down_and_up_again_without_a_restart_of_db_service()
    {
        var ct = TestContext.Current.CancellationToken;
        using var probe = db.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("readyz", ct)).StatusCode);

        await db.Postgres.StopAsync(ct);
        try
        {
            var down = await probe.GetAsync("readyz", ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Contains("Unhealthy", await down.Content.ReadAsStringAsync(ct));
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("healthz", ct)).StatusCode);

            var query = await db.Http.GetAsync("api/v1/product?limit=1", ct);
            var problem = await ProblemAssert.Is(query, HttpStatusCode.ServiceUnavailable);
            Assert.True(query.Headers.RetryAfter is not null, $"503 without Retry-After: {problem}");
        }
        finally
        {
            await db.Postgres.StartAsync(ct);
        }

        Assert.Equal(HttpStatusCode.OK, await PollReadinessAsync(probe));
        Assert.Equal(HttpStatusCode.OK, (await db.Http.GetAsync("api/v1/product?limit=1", ct)).StatusCode);
    }

    /// <summary>Probes the way Kubernetes does until ready, with a bounded number of attempts (no timing assertion).</summary>
    private static async Task<HttpStatusCode> PollReadinessAsync(HttpClient probe)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 50 && status != HttpStatusCode.OK; attempt++)
        {
            if (attempt > 0) await Task.Delay(200);
            status = (await probe.GetAsync("readyz")).StatusCode;
        }
        return status;
    }
}
