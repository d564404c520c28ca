using System.Net;
using System.Net.Http.Json;
using EShop.Shop.Tests.Support;
using EShop.TestSupport;
using EShop.UserService.Login;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EShop.Shop.Tests.Users;

[Collection(ShopServicesCollection.Name)]
public sealed class LoginLimitTests(ShopServices shop)
{
    private static readonly (string, string?) BehindProxy = ("FORWARDEDHEADERS_ENABLED", "true");

    [Fact]
    public void The_defaults_are_100_shared_failures_per_hour_and_a_delay_from_2_s_after_5_failures_up_to_15_minutes()
    {
        var limits = shop.Users.Services.GetRequiredService<IOptions<LoginLimitOptions>>().Value;
        Assert.Equal((100, 3600), (limits.PerAccountMaxFailures, limits.PerAccountWindowSeconds));
        Assert.Equal((5, 2, 900), (limits.DelayAfterFailures, limits.DelayBaseSeconds, limits.DelayMaxSeconds));
    }

    [Fact]
    public async Task Forty_parallel_wrong_passwords_from_five_addresses_are_checked_exactly_as_the_limits_allow_and_the_owner_still_logs_in()
    {
        // Per address: its first attempt plus 2 more before the delay; the 6 shared slots run out first.
        using var users = shop.StartUserService(BehindProxy, ("LoginLimits:PerAccountMaxFailures", "6"),
            ("LoginLimits:DelayAfterFailures", "3"), ("LoginLimits:DelayBaseSeconds", "600")).CreateClient();
        var email = ShopClient.NewEmail();
        await users.SignupAsync(email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => LoginFromAsync(users, $"203.0.113.{i % 5 + 1}", email, $"wrong password {i}")));

        Assert.Equal(5 + 6, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(40 - 11, refused.Count);
        foreach (var answer in refused) Assert.InRange(ProblemAssert.RetryAfterSeconds(answer), 1, 3600);
        Assert.Equal(11, await FailuresAsync(email));

        // The owner, from an address the attack did not use, with the right password.
        Assert.Equal(HttpStatusCode.OK, (await LoginFromAsync(users, "198.51.100.77", email, ShopClient.Password)).StatusCode);
        // An attacking address stays throttled even when it tries the right password.
        await ProblemAssert.Is(await LoginFromAsync(users, "203.0.113.1", email, ShopClient.Password), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task After_the_free_failures_only_that_client_waits_and_the_wait_is_shared_by_replicas()
    {
        var settings = new[] { BehindProxy, ("LoginLimits:DelayAfterFailures", "2"), ("LoginLimits:DelayBaseSeconds", "600") };
        using var replicaA = shop.StartUserService(settings).CreateClient();
        using var replicaB = shop.StartUserService(settings).CreateClient();
        var known = ShopClient.NewEmail();
        await replicaA.SignupAsync(known);

        foreach (var email in new[] { known, ShopClient.NewEmail() }) // unknown emails are throttled the same way
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(replicaA, "192.0.2.10", email, "wrong password 1")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(replicaB, "192.0.2.10", email, "wrong password 2")).StatusCode);

            var delayed = await LoginFromAsync(replicaA, "192.0.2.10", email, ShopClient.Password);
            await ProblemAssert.Is(delayed, HttpStatusCode.TooManyRequests);
            Assert.InRange(ProblemAssert.RetryAfterSeconds(delayed), 590, 600);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginFromAsync(replicaB, "192.0.2.10", email, ShopClient.Password)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(replicaB, "192.0.2.11", email, "wrong password 3")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await LoginFromAsync(replicaB, "192.0.2.12", known, ShopClient.Password)).StatusCode);
    }

    [Fact]
    public async Task A_successful_login_forgets_that_clients_failures()
    {
        using var users = shop.StartUserService(BehindProxy, ("LoginLimits:DelayAfterFailures", "2"), ("LoginLimits:DelayBaseSeconds", "600")).CreateClient();
        var email = ShopClient.NewEmail();
        await users.SignupAsync(email);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "192.0.2.20", email, "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "192.0.2.21", email, "wrong password")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await LoginFromAsync(users, "192.0.2.20", email, ShopClient.Password)).StatusCode);

        Assert.Equal(1, await FailuresAsync(email)); // only the other client's
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "192.0.2.20", email, "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "192.0.2.20", email, "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginFromAsync(users, "192.0.2.20", email, "wrong password")).StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Clients_are_IPv4_addresses_and_IPv6_slash_64_networks(string address, string key)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        Assert.Equal(key, LoginClient.KeyOf(context));
    }

    [Fact]
    public async Task The_per_client_limit_answers_429_problem_with_Retry_After()
    {
        using var users = shop.StartUserService(("LoginLimits:PerClientPermitLimit", "3"), ("LoginLimits:PerClientWindowSeconds", "3600")).CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await users.SignupAsync(ShopClient.NewEmail())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await users.LoginAsync(ShopClient.NewEmail())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await users.LoginAsync(ShopClient.NewEmail())).StatusCode);
        var limited = await users.LoginAsync(ShopClient.NewEmail());

        await ProblemAssert.Is(limited, HttpStatusCode.TooManyRequests);
        Assert.InRange(ProblemAssert.RetryAfterSeconds(limited), 1, 3600);
        await ProblemAssert.Is(await users.SignupAsync(ShopClient.NewEmail()), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Behind_a_proxy_the_per_client_limit_counts_the_forwarded_client_address()
    {
        var service = shop.StartUserService(("LoginLimits:PerClientPermitLimit", "1"), ("LoginLimits:PerClientWindowSeconds", "3600"), BehindProxy);
        using var users = service.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "203.0.113.10", ShopClient.NewEmail(), "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginFromAsync(users, "203.0.113.10", ShopClient.NewEmail(), "wrong password")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFromAsync(users, "203.0.113.11", ShopClient.NewEmail(), "wrong password")).StatusCode);
    }

    private static Task<HttpResponseMessage> LoginFromAsync(HttpClient users, string clientAddress, string email, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return users.SendAsync(request);
    }

    private async Task<long> FailuresAsync(string email)
    {
        await using var connection = new Npgsql.NpgsqlConnection(shop.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM login_failures WHERE email = lower(@email)", connection);
        command.Parameters.AddWithValue("email", email);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
