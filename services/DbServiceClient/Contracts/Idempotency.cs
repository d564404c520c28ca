using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EShop.DbServiceClient.Contracts;

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

public sealed record ClaimIdempotencyResult(ClaimOutcome Outcome, Guid ResourceId, int? ResponseStatus, JsonElement? ResponseBody);

public sealed record CompleteIdempotencyRequest(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required, Range(100, 599)] int? ResponseStatus,
    [Required] JsonElement? ResponseBody);

/// <summary>Ends an in-progress claim held for <c>ResourceId</c>, so the next request with the key claims afresh.</summary>
public sealed record ReleaseIdempotencyRequest(
    [Required] Guid? UserId,
    [Required, StringLength(255, MinimumLength = 1)] string Key,
    [Required] Guid? ResourceId);
