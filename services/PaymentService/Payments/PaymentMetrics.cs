using System.Diagnostics.Metrics;
using EShop.PaymentService.Vendors;

namespace EShop.PaymentService.Payments;

/// <summary>The service's own meter, exported on /metrics by the shared collector.</summary>
public sealed class PaymentMetrics
{
    public const string MeterName = "EShop.Payments";

    private readonly Counter<long> _charges;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _cancels;

    public PaymentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _charges = meter.CreateCounter<long>("eshop.payments.vendor.charges", description: "Vendor charge calls by vendor and outcome (approved, declined, unavailable).");
        _replays = meter.CreateCounter<long>("eshop.payments.idempotent.replays", description: "POST /pay answered from a stored idempotent answer.");
        _cancels = meter.CreateCounter<long>("eshop.payments.cancels", description: "Vendor void calls by vendor and outcome.");
    }

    public void Charged(string vendor, ChargeResult result) => _charges.Add(1,
        new KeyValuePair<string, object?>("vendor", vendor),
        new KeyValuePair<string, object?>("outcome", result switch
        {
            ChargeResult.Approved => "approved",
            ChargeResult.Declined => "declined",
            _ => "unavailable",
        }));

    public void Voided(string vendor, VoidResult result) => _cancels.Add(1,
        new KeyValuePair<string, object?>("vendor", vendor),
        new KeyValuePair<string, object?>("outcome", result switch
        {
            VoidResult.Voided => "voided",
            VoidResult.Refused => "refused",
            _ => "unavailable",
        }));

    public void Replayed() => _replays.Add(1);
}
