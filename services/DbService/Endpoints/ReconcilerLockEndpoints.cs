using EShop.DbService.Contracts;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EShop.DbService.Endpoints;

/// <summary>The payment reconciler's lock: 204 held by the caller (acquired or renewed), 409 held by another.</summary>
public static class ReconcilerLockEndpoints
{
    public static RouteGroupBuilder MapReconcilerLockEndpoints(this RouteGroupBuilder api)
    {
        var reconcilerLock = api.MapGroup("/reconciler-lock").WithTags("Reconciler lock");
        reconcilerLock.MapPost("/acquire", Acquire).ProducesProblem(StatusCodes.Status409Conflict);
        reconcilerLock.MapPost("/release", Release);
        return api;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Acquire(ReconcilerLockRequest request, [FromServices] ReconcilerLock reconcilerLock, CancellationToken ct) =>
        await reconcilerLock.AcquireAsync(request.Holder!.Value, TimeSpan.FromSeconds(request.TtlSeconds!.Value), ct)
            ? TypedResults.NoContent()
            : Problems.Status(StatusCodes.Status409Conflict, "Reconciler lock held", "Another reconciler holds the lock.");

    private static async Task<NoContent> Release(ReconcilerLockRelease request, [FromServices] ReconcilerLock reconcilerLock, CancellationToken ct)
    {
        await reconcilerLock.ReleaseAsync(request.Holder!.Value, ct);
        return TypedResults.NoContent();
    }
}
