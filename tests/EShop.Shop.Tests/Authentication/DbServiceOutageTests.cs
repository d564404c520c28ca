using System.Net;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using EShop.TestSupport.Processes;
using Xunit;

namespace EShop.Shop.Tests.Authentication;

/// <summary>db-service down: the services say 503 with Retry-After (never 401 for a token they could not
/// check, never 500) and report not ready.</summary>
[Collection(ShopServicesCollection.Name)]
public sealed class DbServiceOutageTests(ShopServices shop)
{
    private const string WellFormedToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private static readonly (string, string?) NowhereDbService = ("Services:DbService", $"http://127.0.0.1:{FreePort.Pick()}");

    [Fact]
    public async Task A_token_that_cannot_be_checked_is_a_503_in_product_and_user_service()
    {
        using var products = shop.StartProductService(NowhereDbService).CreateClient();
        using var users = shop.StartUserService(NowhereDbService).CreateClient();

        await AssertUnavailableAsync(await products.GetProductsAsync("?limit=1", WellFormedToken));
        await AssertUnavailableAsync(await users.LogoutAsync(WellFormedToken));
    }

    [Fact]
    public async Task Endpoints_that_need_db_service_answer_503_and_readiness_fails_while_liveness_holds()
    {
        var ct = TestContext.Current.CancellationToken;
        var productService = shop.StartProductService(NowhereDbService);
        using var products = productService.CreateClient();
        using var users = shop.StartUserService(NowhereDbService).CreateClient();

        await AssertUnavailableAsync(await products.GetProductsAsync("?limit=1"));
        await AssertUnavailableAsync(await users.SignupAsync(ShopClient.NewEmail()));
        await AssertUnavailableAsync(await users.LoginAsync(ShopClient.NewEmail()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await products.GetAsync("/readyz", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await users.GetAsync("/readyz", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await products.GetAsync("/healthz", ct)).StatusCode);
    }

    [Fact]
    public async Task Readiness_holds_while_db_service_is_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await shop.Users.CreateClient().GetAsync("/readyz", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shop.Products.CreateClient().GetAsync("/readyz", ct)).StatusCode);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await ProblemAssert.Is(response, HttpStatusCode.ServiceUnavailable);
        Assert.InRange(ProblemAssert.RetryAfterSeconds(response), 1, 60);
    }
}
