using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.Catalog;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Operations;

/// <summary>Each catalog caller's own credential against each db-service route: exactly its catalog grants get
/// through, every other route is a 403 naming the caller, and no or an unknown credential is a 401.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class InternalCredentialTests(DbServiceFixture db)
{
    private static readonly ServiceCatalog Catalog = ServiceCatalog.LoadFromRepository();

    public static TheoryData<string, string> CatalogRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Catalog["db-service"].Routes) data.Add(route.Method, route.Path);
        return data;
    }

    public static TheoryData<string, string, string, bool> CallersByRoute()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var caller in Catalog.Callers)
            foreach (var route in Catalog["db-service"].Routes)
                data.Add(caller.Name, route.Method, route.Path,
                    caller.Calls.Contains(new CatalogGrant("db-service", route.Method, route.Path)));
        return data;
    }

    [Theory]
    [MemberData(nameof(CallersByRoute))]
    public async Task A_caller_gets_through_exactly_on_the_routes_the_catalog_grants_it(string caller, string method, string path, bool granted)
    {
        using var http = db.DbService.CreateInternalClient(caller);

        var response = await http.SendAsync(SampleRequest(method, path), TestContext.Current.CancellationToken);

        if (granted)
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{caller}: {method} {path} answered {(int)response.StatusCode}");
        }
        else
        {
            var problem = await ProblemAssert.Is(response, HttpStatusCode.Forbidden);
            Assert.Equal(caller, problem.GetProperty("caller").GetString());
            Assert.Contains($"{caller} may not call {method} {path}", problem.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(CatalogRoutes))]
    public async Task A_route_without_or_with_an_unknown_credential_is_a_401_problem(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = db.CreateAnonymousClient();
        await ProblemAssert.Is(await anonymous.SendAsync(SampleRequest(method, path), ct), HttpStatusCode.Unauthorized);

        using var wrong = db.CreateAnonymousClient();
        wrong.DefaultRequestHeaders.Add("X-Internal-Token", "not-the-credential-of-any-caller");
        await ProblemAssert.Is(await wrong.SendAsync(SampleRequest(method, path), ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Every_grant_names_an_internal_route_of_the_called_service()
    {
        foreach (var caller in Catalog.Callers)
            foreach (var grant in caller.Calls)
                Assert.True(Catalog[grant.Service].Routes.Any(r => r.Method == grant.Method && r.Path == grant.Path && !r.IsPublic),
                    $"{caller.Name} is granted {grant.Method} {grant.Path} of {grant.Service}, which is no internal route of it");
    }

    [Fact]
    public void Password_hashes_and_new_sessions_are_granted_to_user_service_alone()
    {
        foreach (var (method, path) in new[] { ("GET", "/api/v1/user"), ("POST", "/api/v1/session") })
            Assert.Equal(["user-service"], Catalog.Callers.Where(c => c.Calls.Contains(new CatalogGrant("db-service", method, path))).Select(c => c.Name));
    }

    /// <summary>A well-formed request per route, so that binding and validation pass and only the credential is missing.</summary>
    private static HttpRequestMessage SampleRequest(string method, string path)
    {
        var user = Guid.NewGuid();
        var id = path.StartsWith("/api/v1/product/", StringComparison.Ordinal) ? "1" : Guid.NewGuid().ToString();
        var (query, body) = $"{method} {path}" switch
        {
            "GET /api/v1/user" => ($"?email={TestData.UniqueEmail()}", null),
            "GET /api/v1/creditcard" => ($"?userId={user}", null),
            "POST /api/v1/user" => ("", TestData.User()),
            "PUT /api/v1/user/{id}/password-hash" => ("", new SetPasswordHashRequest("hash", 1)),
            "POST /api/v1/user/{id}/password" => ("", new ChangePasswordRequest("hash", 1, null)),
            "POST /api/v1/login-attempt" => ("", new ReserveLoginAttemptRequest(TestData.UniqueEmail(), "192.0.2.1", 3600, 100, 5, 2, 900)),
            "POST /api/v1/login-attempt/succeeded" => ("", new LoginSucceededRequest(TestData.UniqueEmail(), "192.0.2.1")),
            "POST /api/v1/session" => ("", new CreateSessionRequest(user, TestData.TokenHash(), DateTimeOffset.UtcNow.AddHours(1), 1)),
            "POST /api/v1/session/resolve" or "POST /api/v1/session/revoke" => ("", new TokenHashRequest(TestData.TokenHash())),
            "POST /api/v1/creditcard" => ("", TestData.Card(user)),
            "POST /api/v1/product" => ("", TestData.Product()),
            "POST /api/v1/idempotency/claim" => ("", new ClaimIdempotencyRequest(user, "k", "h", Guid.NewGuid(), 30)),
            "POST /api/v1/idempotency/complete" => ("", new CompleteIdempotencyRequest(user, "k", 200, JsonDocument.Parse("{}").RootElement, 1)),
            "POST /api/v1/idempotency/release" => ("", new ReleaseIdempotencyRequest(user, "k", Guid.NewGuid(), 1)),
            "POST /api/v1/idempotency/renew" => ("", new RenewIdempotencyRequest(user, "k", 1, 30)),
            "POST /api/v1/idempotency/seize" => ("", new SeizeIdempotencyRequest(user, "k", Guid.NewGuid(), 30)),
            "GET /api/v1/payment/pending" => ("?olderThanSeconds=60", null),
            "POST /api/v1/rate-limit/hit" => ("", new RateLimitHit($"test:{user}", 60, 10)),
            "POST /api/v1/pay/begin" => ("", new BeginPaymentRequest(TestData.TokenHash(), "192.0.2.1", "k", "h", Guid.NewGuid(), 30,
                new PayLimitSettings(10, 10, 10, 10), [new OrderItem(1, 1)], Answer: new StoredResponse(422, JsonDocument.Parse("{}").RootElement))),
            "POST /api/v1/pay/finish" => ("", new FinishPaymentRequest(new KeyHolder(user, "k", 1), Guid.NewGuid(), PaymentStatus.Failed, null, null)),
            "POST /api/v1/reconciler-lock/acquire" => ("", new ReconcilerLockRequest(user, 1)),
            "POST /api/v1/reconciler-lock/release" => ("", new ReconcilerLockRelease(user)),
            "POST /api/v1/payment" => ("", TestData.Payment(user)),
            "PUT /api/v1/payment/{id}/status" => ("", new SetPaymentStatusRequest([PaymentStatus.Pending], PaymentStatus.Approved, null, null)),
            "GET /api/v1/product" or "GET /api/v1/user/{id}" or "DELETE /api/v1/user/{id}" or "GET /api/v1/creditcard/{id}"
                or "DELETE /api/v1/creditcard/{id}" or "GET /api/v1/product/{id}" or "DELETE /api/v1/product/{id}"
                or "GET /api/v1/payment/{id}" => ("", (object?)null),
            _ => throw new Xunit.Sdk.XunitException($"No sample request for the catalog route {method} {path}: add one here."),
        };
        var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/').Replace("{id}", id) + query);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType());
        return request;
    }
}
