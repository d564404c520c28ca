using System.Net;
using System.Net.Http.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class UserApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_user_is_created_read_by_id_and_by_email_in_any_case_rehashed_and_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = TestData.User(email: TestData.UniqueEmail("Mixed.Case"));
        var created = await db.Client.CreateUserAsync(request, ct);
        Assert.Equal(DbOutcome.Created, created.Outcome);
        var user = created.Required;
        Assert.Equal(request.Email, user.Email);
        Assert.Equal(request.Name, user.Name);
        Assert.Equal(request.PasswordHash, user.PasswordHash);

        Assert.Equal(user, (await db.Client.GetUserAsync(user.Id, ct)).Required);
        Assert.Equal(user.Id, (await db.UserServiceClient.GetUserByEmailAsync(request.Email.ToUpperInvariant(), ct)).Required.Id);

        Assert.Equal(1, user.PasswordVersion);
        Assert.Equal(DbOutcome.Ok, (await db.Client.SetPasswordHashAsync(user.Id, "rehashed", user.PasswordVersion, ct)).Outcome);
        Assert.Equal("rehashed", (await db.Client.GetUserAsync(user.Id, ct)).Required.PasswordHash);

        Assert.Equal(DbOutcome.Ok, (await db.Client.DeleteUserAsync(user.Id, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.GetUserAsync(user.Id, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.UserServiceClient.GetUserByEmailAsync(request.Email, ct)).Outcome);
    }

    [Fact]
    public async Task Unknown_user_ids_and_emails_answer_404_problems()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = Guid.NewGuid();
        await ProblemAssert.Is(await db.Http.GetAsync($"api/v1/user/{unknown}", ct), HttpStatusCode.NotFound);
        await ProblemAssert.Is(await db.Http.DeleteAsync($"api/v1/user/{unknown}", ct), HttpStatusCode.NotFound);
        await ProblemAssert.Is(
            await db.Http.PutAsJsonAsync(
                $"api/v1/user/{unknown}/password-hash", new { passwordHash = "x", passwordVersion = 1 }, cancellationToken: ct),
            HttpStatusCode.NotFound);
        await ProblemAssert.Is(
            await db.Http.PostAsJsonAsync(
                $"api/v1/user/{unknown}/password", new { passwordHash = "x", passwordVersion = 1 }, cancellationToken: ct),
            HttpStatusCode.NotFound);
        await ProblemAssert.Is(
            await db.UserServiceHttp.GetAsync($"api/v1/user?email={TestData.UniqueEmail()}", ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_in_another_case_is_a_409_naming_email()
    {
        var ct = TestContext.Current.CancellationToken;
        var email = TestData.UniqueEmail();
        Assert.Equal(DbOutcome.Created, (await db.Client.CreateUserAsync(TestData.User(email), ct)).Outcome);

        var duplicate = await db.Http.PostAsJsonAsync("api/v1/user", TestData.User(email.ToUpperInvariant()), cancellationToken: ct);
        await ProblemAssert.NamesField(duplicate, HttpStatusCode.Conflict, "email");
        Assert.Equal(DbOutcome.Conflict, (await db.Client.CreateUserAsync(TestData.User(email), ct)).Outcome);
    }

    [Fact]
    public async Task Twenty_concurrent_signups_with_one_email_create_exactly_one_account()
    {
        var email = TestData.UniqueEmail("race");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => db.Http.PostAsJsonAsync("api/v1/user", TestData.User(i % 2 == 0 ? email : email.ToUpperInvariant()))));

        Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(19, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var count = db.Sql.CreateCommand("SELECT count(*) FROM users WHERE lower(email) = lower($1)");
        count.Parameters.AddWithValue(email);
        Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_sessions_and_cards()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var card = (await db.Client.CreateCardAsync(TestData.Card(user.Id), ct)).Required;
        var tokenHash = TestData.TokenHash();
        await db.UserServiceClient.CreateSessionAsync(
            new CreateSessionRequest(user.Id, tokenHash, DateTimeOffset.UtcNow.AddHours(1), user.PasswordVersion), ct);

        Assert.Equal(DbOutcome.Ok, (await db.Client.DeleteUserAsync(user.Id, ct)).Outcome);

        Assert.Equal(DbOutcome.NotFound, (await db.Client.GetCardAsync(card.Id, ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.ResolveSessionAsync(tokenHash, ct)).Outcome);
    }

    [Fact]
    public async Task A_password_change_bumps_the_version_and_revokes_every_session_but_the_one_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var sessions = Enumerable.Range(0, 3).Select(_ => TestData.TokenHash()).ToList();
        foreach (var hash in sessions)
            await db.UserServiceClient.CreateSessionAsync(
                new CreateSessionRequest(user.Id, hash, DateTimeOffset.UtcNow.AddHours(1), user.PasswordVersion), ct);

        var changed = await db.Client.ChangePasswordAsync(user.Id, new ChangePasswordRequest("new-hash", user.PasswordVersion, sessions[0]), ct);

        Assert.Equal(new PasswordChanged(2, 2), changed.Required);
        var stored = (await db.Client.GetUserAsync(user.Id, ct)).Required;
        Assert.Equal(("new-hash", 2), (stored.PasswordHash, stored.PasswordVersion));
        Assert.Equal(DbOutcome.Ok, (await db.Client.ResolveSessionAsync(sessions[0], ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.ResolveSessionAsync(sessions[1], ct)).Outcome);
        Assert.Equal(DbOutcome.NotFound, (await db.Client.ResolveSessionAsync(sessions[2], ct)).Outcome);
    }

    [Fact]
    public async Task A_change_or_rehash_against_a_password_version_that_changed_since_is_a_409_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        Assert.True((await db.Client.ChangePasswordAsync(user.Id, new ChangePasswordRequest("first-change", 1, null), ct)).IsSuccess);

        var change = await db.Http.PostAsJsonAsync(
            $"api/v1/user/{user.Id}/password", new ChangePasswordRequest("stale-change", 1, null), cancellationToken: ct);
        await ProblemAssert.NamesField(change, HttpStatusCode.Conflict, "passwordVersion");
        var rehash = await db.Http.PutAsJsonAsync(
            $"api/v1/user/{user.Id}/password-hash", new SetPasswordHashRequest("rehash-of-the-old-password", 1), cancellationToken: ct);
        await ProblemAssert.NamesField(rehash, HttpStatusCode.Conflict, "passwordVersion");

        var stored = (await db.Client.GetUserAsync(user.Id, ct)).Required;
        Assert.Equal(("first-change", 2), (stored.PasswordHash, stored.PasswordVersion));
    }

    [Fact]
    public async Task Ten_concurrent_changes_from_one_version_succeed_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var changes = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => db.Client.ChangePasswordAsync(user.Id, new ChangePasswordRequest($"hash-{i}", user.PasswordVersion, null))));

        Assert.Single(changes, c => c.IsSuccess);
        Assert.Equal(9, changes.Count(c => c.Outcome == DbOutcome.Conflict));
        Assert.Equal(2, (await db.Client.GetUserAsync(user.Id, ct)).Required.PasswordVersion);
    }
}
