using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EShop.Catalog;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.EndToEnd;

/// <summary>What the edge lets through: the catalog's public routes and nothing internal.</summary>
[Collection(ShopCollection.Name)]
public sealed partial class EdgeRulesTests(ShopUnderTest shop)
{
    private static readonly ServiceCatalog Catalog = ServiceCatalog.LoadFromRepository();

    public static TheoryData<string, string> InternalRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var service in Catalog.Services)
            foreach (var route in service.Routes.Where(r => !r.IsPublic))
                data.Add(route.Method, route.Path);
        return data;
    }

    [Theory]
    [Trait("Category", "Journey")]
    [MemberData(nameof(InternalRoutes))]
    public async Task Every_internal_route_is_unreachable_through_the_gateway(string method, string path)
    {
        using var client = shop.CreateClient();
        var concrete = TemplateSegment().Replace(path, "1");
        using var request = new HttpRequestMessage(new HttpMethod(method), concrete);
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { });
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    [Trait("Category", "Journey")]
    public async Task The_gateways_own_refusals_are_problems_too()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = shop.CreateClient();
        var wrongMethod = await client.DeleteAsync("/api/v1/products", ct);
        await ProblemAssert.Is(wrongMethod, HttpStatusCode.MethodNotAllowed);

        // Expect: 100-continue lets the edge refuse before the body is sent; otherwise its early 413 races the client still
        // writing the megabyte (a broken pipe on the client, not a defect of the edge).
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/login")
        {
            Content = new StringContent(new string('x', 1024 * 1024), System.Text.Encoding.UTF8, "application/json"),
        };
        hugeRequest.Headers.ExpectContinue = true;
        var huge = await client.SendAsync(hugeRequest, ct);
        await ProblemAssert.Is(huge, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Hammering_login_is_throttled_with_429_and_Retry_After()
    {
        if (!shop.IsLocal) return; // never against a shared stack: it would lock the runner out (not in Category=Journey)
        var journey = new ShopJourney(shop.CreateClient());
        var email = ShopJourney.NewEmail();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 200 && throttled is null; i++)
        {
            var response = await journey.LoginAsync(email, "wrong password " + i);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) throttled = response;
            else Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        Assert.NotNull(throttled);
        Assert.True(throttled.Headers.RetryAfter is not null, "429 without Retry-After");
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The catalog and each running service's OpenAPI document agree exactly (the gateway's routes are
    /// checked against the catalog in Gateway/GatewayRoutesTests).</summary>
    [Fact]
    public async Task Catalog_and_the_running_services_OpenAPI_documents_agree()
    {
        if (!shop.IsLocal) return; // needs the replicas' own addresses (not in Category=Journey)
        using var http = new HttpClient();
        foreach (var service in Catalog.Services)
            Assert.Equal(CatalogContract.CataloguedRoutes(service.Name), await CatalogContract.DocumentedRoutesAsync(http, shop.ReplicaUrl(service.Name)));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex TemplateSegment();
}
