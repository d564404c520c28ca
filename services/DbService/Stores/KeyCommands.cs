using System.Text.Json;
using EShop.DbService.Contracts;

namespace EShop.DbService.Stores;

/// <summary>Who holds an idempotency key: the user, the key and the fence of the claim or takeover.</summary>
public sealed record Holder(Guid UserId, string Key, long Fence);

public sealed record ClaimKey(Guid UserId, string Key, string RequestHash, Guid ResourceId, int LeaseSeconds);

public sealed record CompleteKey(Holder Holder, int ResponseStatus, JsonElement ResponseBody);

public sealed record RenewKey(Holder Holder, int LeaseSeconds);

public sealed record ReleaseKey(Holder Holder, Guid ResourceId, string? FailPaymentReason);

public sealed record SeizeKey(Guid UserId, string Key, Guid ResourceId, int LeaseSeconds);

/// <summary>An answer stored with a key.</summary>
public sealed record Answer(int Status, JsonElement Body);

/// <summary>The requests' mapping, once validated (their required members are present).</summary>
public static class KeyCommands
{
    public static Holder ToCommand(this KeyHolder holder) => new(holder.UserId!.Value, holder.Key, holder.Fence!.Value);

    public static ClaimKey ToCommand(this ClaimIdempotencyRequest request) =>
        new(request.UserId!.Value, request.Key, request.RequestHash, request.ResourceId!.Value, request.LeaseSeconds!.Value);

    public static CompleteKey ToCommand(this CompleteIdempotencyRequest request) =>
        new(new(request.UserId!.Value, request.Key, request.Fence!.Value), request.ResponseStatus!.Value, request.ResponseBody!.Value);

    public static RenewKey ToCommand(this RenewIdempotencyRequest request) =>
        new(new(request.UserId!.Value, request.Key, request.Fence!.Value), request.LeaseSeconds!.Value);

    public static ReleaseKey ToCommand(this ReleaseIdempotencyRequest request) =>
        new(new(request.UserId!.Value, request.Key, request.Fence!.Value), request.ResourceId!.Value, request.FailPaymentReason);

    public static SeizeKey ToCommand(this SeizeIdempotencyRequest request) =>
        new(request.UserId!.Value, request.Key, request.ResourceId!.Value, request.LeaseSeconds!.Value);

    public static Answer ToCommand(this StoredResponse response) => new(response.Status!.Value, response.Body!.Value);
}
