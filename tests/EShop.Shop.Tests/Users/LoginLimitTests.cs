using System.Net;
using EShop.Shop.Tests.Support;
using EShop.UserService.Login;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class LoginLimitTests(ShopServices shop)
{
    [Fact]
    public void The_default_account_limit_is_100_failed_logins_per_hour()
    {
        var limits = shop.Users.Services.GetRequiredService<IOptions<LoginLimitOptions>>().Value;
        Assert.Equal(100, limits.PerAccountMaxFailures);
        Assert.Equal(3600, limits.PerAccountWindowSeconds);
    }

    [Fact]
    public async Task With_the_default_limit_the_100th_failure_within_the_hour_locks_the_account_with_Retry_After()
    {
        var email = ShopClient.NewEmail();
        using var users = shop.Users.CreateClient();
        await users.SignupAsync(email);
        await AddFailuresAsync(email, 99, TimeSpan.FromMinutes(30));

        Assert.Equal(HttpStatusCode.Unauthorized, (await users.LoginAsync(email, "wrong password, failure 100")).StatusCode);
        var locked = await users.LoginAsync(email); // even the right password: the account is locked for now

        await ProblemAssert.IsProblemAsync(locked, HttpStatusCode.TooManyRequests);
        // The oldest failure in the window is 30 minutes old: a slot frees up in about 30 minutes.
        Assert.InRange(ProblemAssert.RetryAfterSeconds(locked), 1700, 1800);
    }

    [Fact]
    public async Task Failures_older_than_the_hour_do_not_count()
    {
        var email = ShopClient.NewEmail();
        using var users = shop.Users.CreateClient();
        await users.SignupAsync(email);
        await AddFailuresAsync(email, 100, TimeSpan.FromMinutes(61));

        Assert.Equal(HttpStatusCode.OK, (await users.LoginAsync(email)).StatusCode);
    }

    [Fact]
    public async Task The_account_limit_is_shared_by_replicas_and_also_applies_to_unknown_emails()
    {
        var replicaA = shop.StartUserService(("LoginLimits:PerAccountMaxFailures", "3")).CreateClient();
        var replicaB = shop.StartUserService(("LoginLimits:PerAccountMaxFailures", "3")).CreateClient();
        var known = ShopClient.NewEmail();
        await replicaA.SignupAsync(known);
        var unknown = ShopClient.NewEmail();

        foreach (var email in new[] { known, unknown })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await replicaA.LoginAsync(email, "wrong password 1")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await replicaB.LoginAsync(email, "wrong password 2")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await replicaA.LoginAsync(email, "wrong password 3")).StatusCode);

            var locked = await replicaB.LoginAsync(email);
            await ProblemAssert.IsProblemAsync(locked, HttpStatusCode.TooManyRequests);
            Assert.InRange(ProblemAssert.RetryAfterSeconds(locked), 1, 3600);
        }
    }

    [Fact]
    public async Task The_per_client_limit_answers_429_problem_with_Retry_After()
    {
        using var users = shop.StartUserService(("LoginLimits:PerClientPermitLimit", "3"), ("LoginLimits:PerClientWindowSeconds", "3600")).CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await users.SignupAsync(ShopClient.NewEmail())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await users.LoginAsync(ShopClient.NewEmail())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await users.LoginAsync(ShopClient.NewEmail())).StatusCode);
        var limited = await users.LoginAsync(ShopClient.NewEmail());

        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.InRange(ProblemAssert.RetryAfterSeconds(limited), 1, 3600);
        await ProblemAssert.IsProblemAsync(await users.SignupAsync(ShopClient.NewEmail()), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Behind_a_proxy_the_per_client_limit_counts_the_forwarded_client_address()
    {
        var service = shop.StartUserService(
            ("LoginLimits:PerClientPermitLimit", "1"), ("LoginLimits:PerClientWindowSeconds", "3600"), ("FORWARDEDHEADERS_ENABLED", "true"));
        using var users = service.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "203.0.113.10")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginFromAsync(users, "203.0.113.10")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "203.0.113.11")).StatusCode);
    }

    private static Task<HttpResponseMessage> LoginFromAsync(HttpClient users, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/login")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { email = ShopClient.NewEmail(), password = "wrong password" }),
        };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return users.SendAsync(request);
    }

    private Task AddFailuresAsync(string email, int count, TimeSpan age) =>
        shop.ExecuteSqlAsync(
            "INSERT INTO login_failures (email, failed_at) SELECT @email, now() - @age FROM generate_series(1, @count)",
            ("email", email), ("age", age), ("count", count));
}
