using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EShop.DbService.Contracts;

public sealed record ClaimIdempotencyRequest(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required, StringLength(128, MinimumLength = 1)] string RequestHash,
    [Required] Guid? ResourceId,
    [Required, Range(1, 3600)] int? LeaseSeconds);

[JsonConverter(typeof(JsonStringEnumConverter<ClaimOutcome>))]
public enum ClaimOutcome
{
    /// <summary>The caller owns the key now (new record, or an expired lease taken over: use the returned resource id).</summary>
    [JsonStringEnumMemberName("claimed")] Claimed,
    /// <summary>Another caller holds a valid lease on the key.</summary>
    [JsonStringEnumMemberName("inProgress")] InProgress,
    /// <summary>The stored response of the first request is returned.</summary>
    [JsonStringEnumMemberName("completed")] Completed,
    /// <summary>The same key was used with a different request.</summary>
    [JsonStringEnumMemberName("mismatch")] Mismatch,
}

/// <summary><c>Fence</c> is the holder's token: fresh for every claim and takeover, only growing per key. The calls a
/// holder makes afterwards (renew, complete, release, payment status changes) carry it and are refused when it is stale.</summary>
public sealed record ClaimIdempotencyResult(ClaimOutcome Outcome, Guid ResourceId, int? ResponseStatus, JsonElement? ResponseBody, long Fence = 0);

/// <summary>Who holds a key: the user, the key and the fencing token of the claim or takeover.</summary>
public sealed record KeyHolder(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required, Range(1, long.MaxValue)] long? Fence);

public sealed record CompleteIdempotencyRequest(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required, Range(100, 599)] int? ResponseStatus,
    [Required] JsonElement? ResponseBody,
    [Required, Range(1, long.MaxValue)] long? Fence);

/// <summary>Ends an in-progress claim held for <c>ResourceId</c> by the holder of <c>Fence</c>, so the next request with the
/// key claims afresh. With <c>FailPaymentReason</c> the pending payment <c>ResourceId</c> is marked failed in the same
/// transaction (nothing was charged): either both happen or neither.</summary>
public sealed record ReleaseIdempotencyRequest(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required] Guid? ResourceId,
    [Required, Range(1, long.MaxValue)] long? Fence,
    [StringLength(500, MinimumLength = 1)] string? FailPaymentReason = null);

/// <summary>The holder's heartbeat: extends its lease while it works.</summary>
public sealed record RenewIdempotencyRequest(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required, Range(1, long.MaxValue)] long? Fence,
    [Required, Range(1, 3600)] int? LeaseSeconds);

/// <summary>The reconciler's takeover of a key whose holder's lease has ended, for the payment <c>ResourceId</c>.</summary>
public sealed record SeizeIdempotencyRequest(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required] Guid? ResourceId,
    [Required, Range(1, 3600)] int? LeaseSeconds);

public sealed record SeizedKey(long Fence);
