using System.ComponentModel.DataAnnotations;

namespace EShop.DbService.Contracts;

/// <summary>Acquire or renew the reconciler's lock for <c>Holder</c> (one payment-service replica) for <c>TtlSeconds</c>.</summary>
public sealed record ReconcilerLockRequest(
    [Required] Guid? Holder,
    [Required, Range(1, 600)] int? TtlSeconds);

public sealed record ReconcilerLockRelease([Required] Guid? Holder);
