using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient.Contracts;
using EShop.Catalog;
using Xunit;

namespace EShop.DbService.Tests.Operations;

/// <summary>Every db-service route of the catalog refuses a well-formed request without the internal credential.</summary>
[Collection(DbServiceCollection.Name)]
public sealed class InternalCredentialTests(DbServiceFixture db)
{
    public static TheoryData<string, string> CatalogRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ServiceCatalog.LoadFromRepository()["db-service"].Routes) data.Add(route.Method, route.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(CatalogRoutes))]
    public async Task A_route_without_or_with_a_wrong_credential_is_a_401_problem(string method, string path)
    {
        using var anonymous = db.CreateAnonymousClient();
        await (await anonymous.SendAsync(SampleRequest(method, path))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var wrong = db.CreateAnonymousClient();
        wrong.DefaultRequestHeaders.Add("X-Internal-Token", "not-the-internal-credential");
        await (await wrong.SendAsync(SampleRequest(method, path))).AssertProblemAsync(HttpStatusCode.Unauthorized);

        // The same request with the credential gets past the check: the 401 above was about the credential only.
        var authorised = await db.Http.SendAsync(SampleRequest(method, path));
        Assert.NotEqual(HttpStatusCode.Unauthorized, authorised.StatusCode);
        Assert.True((int)authorised.StatusCode < 500, $"{method} {path} answered {(int)authorised.StatusCode}");
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
            "POST /api/v1/login-attempts" => ("", new ReserveLoginAttemptRequest(TestData.UniqueEmail(), "192.0.2.1", 3600, 100, 5, 2, 900)),
            "POST /api/v1/login-attempts/succeeded" => ("", new LoginSucceededRequest(TestData.UniqueEmail(), "192.0.2.1")),
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
            "GET /api/v1/payment/activity" => ($"?userId={user}&windowSeconds=3600", null),
            "POST /api/v1/rate-limit/hit" => ("", new RateLimitHit($"test:{user}", 60, 10)),
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
