using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class SessionApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_session_resolves_to_its_user_until_it_is_revoked()
    {
        var user = (await db.Client.CreateUserAsync(TestData.User())).Required;
        var tokenHash = TestData.TokenHash();
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);

        var created = await db.Client.CreateSessionAsync(new CreateSessionRequest(user.Id, tokenHash, expiresAt));
        Assert.Equal(DbOutcome.Created, created.Outcome);
        Assert.Equal(user.Id, created.Required.UserId);

        var resolved = (await db.Client.ResolveSessionAsync(tokenHash)).Required;
        Assert.Equal((user.Id, user.Email), (resolved.UserId, resolved.Email));
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), resolved.ExpiresAt.ToUnixTimeMilliseconds());

        Assert.Equal(DbOutcome.Ok, (await db.Client.RevokeSessionAsync(tokenHash)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.ResolveSessionAsync(tokenHash)).Outcome);
        Assert.Equal(DbOutcome.Ok, (await db.Client.RevokeSessionAsync(tokenHash)).Outcome);
    }

    [Fact]
    public async Task An_expired_session_does_not_resolve()
    {
        var user = (await db.Client.CreateUserAsync(TestData.User())).Required;
        var tokenHash = TestData.TokenHash();
        await db.Client.CreateSessionAsync(new CreateSessionRequest(user.Id, tokenHash, DateTimeOffset.UtcNow.AddHours(-1)));

        Assert.Equal(DbOutcome.NotFound, (await db.Client.ResolveSessionAsync(tokenHash)).Outcome);
    }

    [Fact]
    public async Task Unknown_tokens_do_not_resolve_and_revoke_quietly()
    {
        var tokenHash = TestData.TokenHash();
        await (await db.Http.PostAsJsonAsync("api/v1/session/resolve", new { tokenHash })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await db.Http.PostAsJsonAsync("api/v1/session/revoke", new { tokenHash })).StatusCode);
    }

    [Fact]
    public async Task A_session_for_an_unknown_user_is_a_404_and_a_reused_token_hash_a_409()
    {
        var unknown = new CreateSessionRequest(Guid.NewGuid(), TestData.TokenHash(), DateTimeOffset.UtcNow.AddHours(1));
        await (await db.Http.PostAsJsonAsync("api/v1/session", unknown)).AssertNamesFieldAsync("userId", HttpStatusCode.NotFound);

        var user = (await db.Client.CreateUserAsync(TestData.User())).Required;
        var session = unknown with { UserId = user.Id };
        Assert.Equal(DbOutcome.Created, (await db.Client.CreateSessionAsync(session)).Outcome);
        Assert.Equal(DbOutcome.Conflict, (await db.Client.CreateSessionAsync(session)).Outcome);
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public async Task A_token_hash_that_is_not_64_lower_case_hex_characters_is_refused(string tokenHash) =>
        await (await db.Http.PostAsJsonAsync("api/v1/session/resolve", new { tokenHash })).AssertNamesFieldAsync("tokenHash");
}
