using EShop.VendorSimulator.Charges;
using EShop.VendorSimulator.Faults;
using Microsoft.Extensions.Options;

namespace EShop.VendorSimulator.Api;

/// <summary>Test and operations hooks: fault injection, the charge log to reconcile against, attempt counts.</summary>
public static class AdminApi
{
    public static void MapAdminApi(this WebApplication app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapPost("/faults", (FaultRequest request, FaultInjector faults, IOptions<SimulatorOptions> options) =>
        {
            faults.Set(request, TimeSpan.FromMilliseconds(options.Value.SlowDelayMilliseconds));
            return TypedResults.NoContent();
        });
        admin.MapGet("/charges", (ChargeLedger ledger) => TypedResults.Ok(ledger.Charges()));
        admin.MapGet("/attempts", (ChargeLedger ledger) => TypedResults.Ok(ledger.Attempts()));
    }
}
