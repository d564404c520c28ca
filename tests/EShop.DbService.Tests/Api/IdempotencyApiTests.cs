using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.TestSupport;
using Xunit;

namespace EShop.DbService.Tests.Api;

[Collection(DbServiceCollection.Name)]
public sealed class IdempotencyApiTests(DbServiceFixture db)
{
    [Fact]
    public async Task A_key_is_claimed_then_in_progress_then_completed_with_the_stored_response()
    {
        var ct = TestContext.Current.CancellationToken;
        var claim = await NewClaimAsync();
        var first = (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required;
        Assert.Equal((ClaimOutcome.Claimed, claim.ResourceId!.Value), (first.Outcome, first.ResourceId));

        var retry = (await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required;
        Assert.Equal((ClaimOutcome.InProgress, claim.ResourceId.Value), (retry.Outcome, retry.ResourceId));

        var body = JsonDocument.Parse("""{"paymentId":"p-1","status":"approved","amount":{"minor":5198,"currency":"EUR"}}""").RootElement;
        var completed = await db.Client.CompleteIdempotencyKeyAsync(
            new CompleteIdempotencyRequest(claim.UserId, claim.Key, 201, body, first.Fence), ct);
        Assert.Equal(DbOutcome.Ok, completed.Outcome);

        var replay = (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required;
        Assert.Equal((ClaimOutcome.Completed, claim.ResourceId.Value, 201), (replay.Outcome, replay.ResourceId, replay.ResponseStatus));
        Assert.Equal(body.GetRawText(), replay.ResponseBody!.Value.GetRawText());
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_a_mismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var claim = await NewClaimAsync();
        await db.Client.ClaimIdempotencyKeyAsync(claim, ct);

        var other = (await db.Client.ClaimIdempotencyKeyAsync(claim with { RequestHash = "another-body-hash" }, ct)).Required;

        Assert.Equal(ClaimOutcome.Mismatch, other.Outcome);
    }

    [Fact]
    public async Task Twenty_concurrent_claims_of_one_key_give_exactly_one_claimed()
    {
        var claim = await NewClaimAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() })));

        var outcomes = results.Select(r => r.Required).ToList();
        var winner = Assert.Single(outcomes, o => o.Outcome == ClaimOutcome.Claimed);
        Assert.All(outcomes.Where(o => o != winner), o => Assert.Equal(ClaimOutcome.InProgress, o.Outcome));
        Assert.All(outcomes, o => Assert.Equal(winner.ResourceId, o.ResourceId));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_keeping_the_stored_resource_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var claim = await NewClaimAsync();
        await db.Client.ClaimIdempotencyKeyAsync(claim, ct);
        await ExecuteAsync("UPDATE idempotency_records SET lease_expires_at = now() - interval '1 second' WHERE user_id = $1 AND key = $2", claim);

        var takeover = (await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required;

        Assert.Equal((ClaimOutcome.Claimed, claim.ResourceId!.Value), (takeover.Outcome, takeover.ResourceId));
        Assert.Equal(ClaimOutcome.InProgress, (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required.Outcome);
    }

    [Fact]
    public async Task A_record_past_its_retention_counts_as_new()
    {
        var ct = TestContext.Current.CancellationToken;
        var claim = await NewClaimAsync();
        await db.Client.ClaimIdempotencyKeyAsync(claim, ct);
        await ExecuteAsync("UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND key = $2", claim);

        var fresh = claim with { ResourceId = Guid.NewGuid(), RequestHash = "a-new-request" };
        var result = (await db.Client.ClaimIdempotencyKeyAsync(fresh, ct)).Required;

        Assert.Equal((ClaimOutcome.Claimed, fresh.ResourceId!.Value), (result.Outcome, result.ResourceId));
    }

    [Fact]
    public async Task Completing_a_key_that_was_never_claimed_is_a_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        var request = new CompleteIdempotencyRequest(user.Id, "never-claimed", 200, JsonDocument.Parse("{}").RootElement, 1);
        await ProblemAssert.Is(
            await db.Http.PostAsJsonAsync("api/v1/idempotency/complete", request, cancellationToken: ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Releasing_an_in_progress_claim_lets_the_next_claim_start_afresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var claim = await NewClaimAsync();
        var first = (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required;

        var released = await db.Http.PostAsJsonAsync("api/v1/idempotency/release", new ReleaseIdempotencyRequest(claim.UserId, claim.Key, claim.ResourceId, first.Fence), cancellationToken: ct);
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);

        var fresh = claim with { ResourceId = Guid.NewGuid() };
        var next = (await db.Client.ClaimIdempotencyKeyAsync(fresh, ct)).Required;
        Assert.Equal((ClaimOutcome.Claimed, fresh.ResourceId!.Value), (next.Outcome, next.ResourceId));
        Assert.True(next.Fence > first.Fence, "a new claim after a release draws a larger fence");
        // The first holder cannot release the new claim, neither by its resource id nor by its fence.
        Assert.Equal(DbOutcome.Conflict, (await db.Client.ReleaseIdempotencyKeyAsync(
            new ReleaseIdempotencyRequest(claim.UserId, claim.Key, claim.ResourceId, first.Fence), ct)).Outcome);
        Assert.Equal(DbOutcome.Conflict, (await db.Client.ReleaseIdempotencyKeyAsync(
            new ReleaseIdempotencyRequest(claim.UserId, claim.Key, fresh.ResourceId, first.Fence), ct)).Outcome);
    }

    [Fact]
    public async Task A_completed_record_is_not_released()
    {
        var ct = TestContext.Current.CancellationToken;
        var claim = await NewClaimAsync();
        var first = (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required;
        Assert.Equal(DbOutcome.Ok, (await db.Client.CompleteIdempotencyKeyAsync(
            new CompleteIdempotencyRequest(claim.UserId, claim.Key, 201, JsonDocument.Parse("{}").RootElement, first.Fence), ct)).Outcome);

        await ProblemAssert.Is(
            await db.Http.PostAsJsonAsync("api/v1/idempotency/release", new ReleaseIdempotencyRequest(claim.UserId, claim.Key, claim.ResourceId, first.Fence), cancellationToken: ct),
            HttpStatusCode.Conflict);

        Assert.Equal(ClaimOutcome.Completed, (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required.Outcome);
    }

    [Fact]
    public async Task A_claim_held_for_another_resource_is_not_released()
    {
        var ct = TestContext.Current.CancellationToken;
        var claim = await NewClaimAsync();
        var first = (await db.Client.ClaimIdempotencyKeyAsync(claim, ct)).Required;

        var other = await db.Client.ReleaseIdempotencyKeyAsync(
            new ReleaseIdempotencyRequest(claim.UserId, claim.Key, Guid.NewGuid(), first.Fence), ct);

        Assert.Equal(DbOutcome.Conflict, other.Outcome);
        var still = (await db.Client.ClaimIdempotencyKeyAsync(claim with { ResourceId = Guid.NewGuid() }, ct)).Required;
        Assert.Equal((ClaimOutcome.InProgress, claim.ResourceId!.Value), (still.Outcome, still.ResourceId));
    }

    [Fact]
    public async Task Releasing_an_unknown_key_is_a_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = (await db.Client.CreateUserAsync(TestData.User(), ct)).Required;
        await ProblemAssert.Is(
            await db.Http.PostAsJsonAsync(
                "api/v1/idempotency/release", new ReleaseIdempotencyRequest(user.Id, "never-claimed", Guid.NewGuid(), 1), cancellationToken: ct),
            HttpStatusCode.NotFound);
    }

    private async Task<ClaimIdempotencyRequest> NewClaimAsync()
    {
        var user = (await db.Client.CreateUserAsync(TestData.User())).Required;
        return new ClaimIdempotencyRequest(user.Id, $"key-{Guid.NewGuid():N}", "sha256-of-the-body", Guid.NewGuid(), 30);
    }

    private async Task ExecuteAsync(string sql, ClaimIdempotencyRequest claim)
    {
        await using var command = db.Sql.CreateCommand(sql);
        command.Parameters.AddWithValue(claim.UserId!.Value);
        command.Parameters.AddWithValue(claim.Key);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
