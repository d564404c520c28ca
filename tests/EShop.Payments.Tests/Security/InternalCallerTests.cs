using System.Net;
using System.Net.Http.Json;
using EShop.Catalog;
using EShop.Payments.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Payments.Tests.Security;

/// <summary>Each catalog caller's own credential against payment-service's internal routes (/cancel): exactly the
/// catalog's grants get through, every other caller is a 403 naming it, and no or an unknown credential is a 401.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class InternalCallerTests(PaymentsEnvironment env)
{
    public static TheoryData<string, string, string, bool> CallersByRoute()
    {
        var catalog = TestSettings.Catalog;
        var data = new TheoryData<string, string, string, bool>();
        foreach (var caller in catalog.Callers)
            foreach (var route in catalog["payment-service"].Routes.Where(r => !r.IsPublic))
                data.Add(caller.Name, route.Method, route.Path, caller.Calls.Contains(new CatalogGrant("payment-service", route.Method, route.Path)));
        return data;
    }

    public static TheoryData<string, string> InternalRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in TestSettings.Catalog["payment-service"].Routes.Where(r => !r.IsPublic)) data.Add(route.Method, route.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(CallersByRoute))]
    public async Task A_caller_gets_through_exactly_on_the_routes_the_catalog_grants_it(string caller, string method, string path, bool granted)
    {
        using var http = env.Payments.CreateInternalClient(caller);

        var response = await http.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        if (granted)
        {
            // An unknown payment: past the credential and the grant, the route itself answers.
            await ProblemAssert.Is(response, HttpStatusCode.NotFound);
        }
        else
        {
            var problem = await ProblemAssert.Is(response, HttpStatusCode.Forbidden);
            Assert.Equal(caller, problem.GetProperty("caller").GetString());
            Assert.Contains($"{caller} may not call {method} {path}", problem.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(InternalRoutes))]
    public async Task No_or_an_unknown_credential_is_a_401(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = env.Payments.CreateClient();
        await ProblemAssert.Is(await anonymous.SendAsync(Request(method, path), ct), HttpStatusCode.Unauthorized);

        using var wrong = env.Payments.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Internal-Token", "not-the-credential-of-any-caller");
        await ProblemAssert.Is(await wrong.SendAsync(Request(method, path), ct), HttpStatusCode.Unauthorized);
    }

    private static HttpRequestMessage Request(string method, string path) => $"{method} {path}" switch
    {
        "POST /api/v1/cancel" => new(HttpMethod.Post, path) { Content = JsonContent.Create(new { paymentId = Guid.NewGuid() }) },
        _ => throw new Xunit.Sdk.XunitException($"No sample request for payment-service's internal route {method} {path}: add one here."),
    };
}
