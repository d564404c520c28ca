using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.Shop.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class PasswordRehashTests(ShopServices shop)
{
    [Fact]
    public async Task A_hash_with_the_old_100000_iterations_is_replaced_by_a_220000_one_on_login()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = shop.DbService.CreateInternalClient();
        var oldHasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));
        var email = ShopClient.NewEmail();
        var created = await db.PostAsJsonAsync("/api/v1/user",
            new CreateUserRequest(email, null, oldHasher.HashPassword(new object(), ShopClient.Password)), cancellationToken: ct);
        var user = (await created.Content.ReadFromJsonAsync<UserRecord>(cancellationToken: ct))!;
        Assert.Equal(100_000, IdentityV3Hash.Parameters(user.PasswordHash).Iterations);

        using var users = shop.Users.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await users.LoginAsync(email)).StatusCode);

        var rehashed = (await db.GetFromJsonAsync<UserRecord>($"/api/v1/user/{user.Id}", cancellationToken: ct))!;
        Assert.Equal(220_000, IdentityV3Hash.Parameters(rehashed.PasswordHash).Iterations);
        Assert.Equal(HttpStatusCode.OK, (await users.LoginAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await users.LoginAsync(email, "not the password")).StatusCode);
    }
}
