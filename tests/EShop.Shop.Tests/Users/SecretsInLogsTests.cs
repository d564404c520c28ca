using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.DbServiceClient.Authentication;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class SecretsInLogsTests(ShopServices shop)
{
    [Fact]
    public async Task Passwords_tokens_and_hashes_never_reach_the_logs()
    {
        var ct = TestContext.Current.CancellationToken;
        var verbose = ("Logging:LogLevel:Default", (string?)"Trace");
        var userService = shop.StartUserService(verbose);
        var productService = shop.StartProductService(verbose);
        using var users = userService.CreateClient();
        using var products = productService.CreateClient();
        var email = ShopClient.NewEmail();
        const string password = "s3cret-Passw0rd-that-must-not-leak";

        var signup = await (await users.SignupAsync(email, password)).ReadJsonAsync();
        await users.LoginAsync(email, "wrong-Passw0rd-that-must-not-leak");
        var token = (await (await users.LoginAsync(email, password)).ReadJsonAsync()).GetProperty("token").GetString()!;
        await products.GetProductsAsync("?limit=1", token);
        await users.LogoutAsync(token);
        await products.GetProductsAsync("?limit=1", token);
        var stored = await shop.DbService.CreateInternalClient().GetFromJsonAsync<UserRecord>(
            $"/api/v1/user/{signup.GetProperty("id").GetString()}", cancellationToken: ct);

        var lines = userService.Logs.Lines.Concat(productService.Logs.Lines).Concat(shop.DbService.Logs.Lines).ToList();
        Assert.Contains(lines, l => l.Contains("/api/v1/logout")); // the scan covers these requests
        string[] secrets = [password, "wrong-Passw0rd-that-must-not-leak", token, BearerTokens.Hash(token), stored!.PasswordHash, .. InternalCredentials];
        foreach (var secret in secrets)
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    private static readonly string[] InternalCredentials =
        [.. EShop.TestSupport.TestSettings.Catalog.Callers.Select(c => EShop.TestSupport.TestSettings.CredentialOf(c.Name))];
}
