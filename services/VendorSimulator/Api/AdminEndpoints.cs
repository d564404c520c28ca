using EShop.VendorSimulator.Charges;
using EShop.VendorSimulator.Faults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EShop.VendorSimulator.Api;

/// <summary>Test and operations hooks: fault injection, the charge log to reconcile against, attempt counts.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/faults", SetFault);
        admin.MapGet("/charges", (ChargeLedger ledger) => TypedResults.Ok(ledger.Charges()));
        admin.MapGet("/attempts", (ChargeLedger ledger) => TypedResults.Ok(ledger.Attempts()));
        return admin;
    }

    private static NoContent SetFault(FaultRequest request, FaultInjector faults, IOptions<SimulatorOptions> options)
    {
        faults.Set(request, TimeSpan.FromMilliseconds(options.Value.SlowDelayMilliseconds));
        return TypedResults.NoContent();
    }
}
