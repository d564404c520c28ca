using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class SessionApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_session_resolves_to_its_user_until_it_is_revoked()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var tokenHash = TestData.TokenHash();
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);

        var created = await db.UserServiceClient.CreateSessionAsync(
            new CreateSessionRequest(user.Id, tokenHash, expiresAt, user.PasswordVersion), ct);
        Assert.Equal(DbOutcome.Created, created.Outcome);
        Assert.Equal(user.Id, created.Required.UserId);

        var resolved = (await db.Client.ResolveSessionAsync(tokenHash, ct)).Required;
        Assert.Equal((user.Id, user.Email), (resolved.UserId, resolved.Email));
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), resolved.ExpiresAt.ToUnixTimeMilliseconds());

        Assert.Equal(DbOutcome.Ok, (await db.Client.RevokeSessionAsync(tokenHash, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.RevokeSessionAsync(tokenHash, ct)).Outcome);
    }

    [Fact]
    public async Task An_expired_session_does_not_resolve()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var tokenHash = TestData.TokenHash();
        await db.UserServiceClient.CreateSessionAsync(new CreateSessionRequest(user.Id, tokenHash, DateTimeOffset.UtcNow.AddHours(-1), 1), ct);

        Assert.Equal(DbOutcome.NotFound, (await db.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
    }

    [Fact]
    public async Task An_expiry_beyond_the_configured_lifetime_is_capped_at_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var clocked = new ClockedDbService(db, ("Sessions:MaxLifetimeMinutes", "90"));
        var user = (await clocked.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var tokenHash = TestData.TokenHash();

        var created = await clocked.UserServiceClient.CreateSessionAsync(
            new CreateSessionRequest(user.Id, tokenHash, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), 1), ct);

        var capped = clocked.Clock.GetUtcNow().AddMinutes(90);
        Assert.Equal(capped, created.Required.ExpiresAt);
        Assert.Equal(capped, (await clocked.Client.ResolveSessionAsync(tokenHash, ct)).Required.ExpiresAt);
    }

    [Fact]
    public async Task The_default_lifetime_cap_is_one_day()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var before = DateTimeOffset.UtcNow;
        var created = await db.UserServiceClient.CreateSessionAsync(
            new CreateSessionRequest(user.Id, TestData.TokenHash(), before.AddDays(30), 1), ct);
        Assert.InRange(created.Required.ExpiresAt, before.AddDays(1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public async Task Each_resolve_slides_the_idle_timeout_and_an_idle_session_stops_resolving()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var clocked = new ClockedDbService(db, ("Sessions:IdleTimeoutMinutes", "30"));
        var user = (await clocked.Client.CreateUserAsync(TestData.User(), ct)).Required;
        string used = TestData.TokenHash(), idle = TestData.TokenHash();
        foreach (var hash in new[] { used, idle })
            await clocked.UserServiceClient.CreateSessionAsync(
                new CreateSessionRequest(user.Id, hash, clocked.Clock.GetUtcNow().AddHours(8), 1), ct);

        for (var i = 0; i < 4; i++) // 4 x 29 minutes: far past one idle timeout, used within each
        {
            clocked.Clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(DbOutcome.Ok, (await clocked.Client.ResolveSessionAsync(used, ct)).Outcome);
        }
        Assert.Equal(DbOutcome.NotFound, (await clocked.Client.ResolveSessionAsync(idle, ct)).Outcome);

        clocked.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(DbOutcome.NotFound, (await clocked.Client.ResolveSessionAsync(used, ct)).Outcome);
    }

    [Fact]
    public async Task A_resolve_slides_the_last_use_only_once_per_thirtieth_of_the_idle_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var clocked = new ClockedDbService(db, ("Sessions:IdleTimeoutMinutes", "30"));
        var user = (await clocked.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var tokenHash = TestData.TokenHash();
        var created = clocked.Clock.GetUtcNow();
        await clocked.UserServiceClient.CreateSessionAsync(new CreateSessionRequest(user.Id, tokenHash, created.AddHours(8), 1), ct);

        clocked.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(DbOutcome.Ok, (await clocked.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
        Assert.Equal(created, await LastUsedAsync(tokenHash));

        clocked.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(DbOutcome.Ok, (await clocked.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
        Assert.Equal(clocked.Clock.GetUtcNow(), await LastUsedAsync(tokenHash));
    }

    private async Task<DateTimeOffset> LastUsedAsync(string tokenHash)
    {
        await using var command = db.Sql.CreateCommand("SELECT last_used_at FROM sessions WHERE token_hash = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = tokenHash });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    [Fact]
    public async Task A_session_in_use_still_ends_at_its_absolute_expiry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var clocked = new ClockedDbService(db, ("Sessions:IdleTimeoutMinutes", "30"));
        var user = (await clocked.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var tokenHash = TestData.TokenHash();
        await clocked.UserServiceClient.CreateSessionAsync(
            new CreateSessionRequest(user.Id, tokenHash, clocked.Clock.GetUtcNow().AddMinutes(60), 1), ct);

        clocked.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(DbOutcome.Ok, (await clocked.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
        clocked.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(DbOutcome.Ok, (await clocked.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
        clocked.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(DbOutcome.NotFound, (await clocked.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
    }

    [Fact]
    public async Task A_login_that_verified_a_password_changed_since_gets_no_session()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var changed = await db.Client.ChangePasswordAsync(user.Id, new ChangePasswordRequest("new-hash", user.PasswordVersion, null), ct);
        Assert.Equal(user.PasswordVersion + 1, changed.Required.PasswordVersion);

        var stale = await db.UserServiceHttp.PostAsJsonAsync("api/v1/session", new CreateSessionRequest(user.Id, TestData.TokenHash(), DateTimeOffset.UtcNow.AddHours(1), user.PasswordVersion), cancellationToken: ct);
        await ProblemAssert.NamesField(stale, HttpStatusCode.Conflict, "passwordVersion");

        var current = await db.UserServiceClient.CreateSessionAsync(
            new CreateSessionRequest(user.Id, TestData.TokenHash(), DateTimeOffset.UtcNow.AddHours(1), changed.Required.PasswordVersion), ct);
        Assert.Equal(DbOutcome.Created, current.Outcome);
    }

    [Fact]
    public async Task Unknown_tokens_do_not_resolve_and_revoke_quietly()
    {
        var ct = TestContext.Current.CancellationToken;
        var tokenHash = TestData.TokenHash();
        await ProblemAssert.Is(
            await db.Http.PostAsJsonAsync("api/v1/session/resolve", new { tokenHash }, cancellationToken: ct), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await db.Http.PostAsJsonAsync(
            "api/v1/session/revoke", new { tokenHash }, cancellationToken: ct)).StatusCode);
    }

    [Fact]
    public async Task A_session_for_an_unknown_user_is_a_404_and_a_reused_token_hash_a_409()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = new CreateSessionRequest(Guid.NewGuid(), TestData.TokenHash(), DateTimeOffset.UtcNow.AddHours(1), 1);
        await ProblemAssert.NamesField(
            await db.UserServiceHttp.PostAsJsonAsync("api/v1/session", unknown, cancellationToken: ct), HttpStatusCode.NotFound, "userId");

        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var session = unknown with { UserId = user.Id };
        Assert.Equal(DbOutcome.Created, (await db.UserServiceClient.CreateSessionAsync(session, ct)).Outcome);
        Assert.Equal(DbOutcome.Conflict, (await db.UserServiceClient.CreateSessionAsync(session, ct)).Outcome);
    }

    [Fact]
    public async Task A_session_without_a_password_version_is_a_400_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var response = await db.UserServiceHttp.PostAsJsonAsync("api/v1/session", new { userId = user.Id, tokenHash = TestData.TokenHash(), expiresAt = DateTimeOffset.UtcNow.AddHours(1) }, cancellationToken: ct);
        await ProblemAssert.NamesField(response, HttpStatusCode.BadRequest, "passwordVersion");
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public async Task A_token_hash_that_is_not_64_lower_case_hex_characters_is_refused(string tokenHash) =>
        await ProblemAssert.NamesField(
            await db.Http.PostAsJsonAsync("api/v1/session/resolve", new { tokenHash }, cancellationToken: TestContext.Current.CancellationToken),
            HttpStatusCode.BadRequest,
            "tokenHash");
}
