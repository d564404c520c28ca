using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EShop.PaymentService.Vendors;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Payments;

/// <summary>The service's own meter, exported on /metrics by the shared collector.</summary>
public sealed class PaymentMetrics
{
    public const string MeterName = "EShop.Payments";

    private readonly Counter<long> _charges;
    private readonly Counter<long> _replays;
    private readonly Counter<long> _cancels;
    // Observed rather than added to: every (vendor, outcome) series exists from the first scrape at 0, so the alert's
    // increase() sees the first late approval (a series born at 1 shows no increase).
    private readonly ConcurrentDictionary<(string Vendor, string Outcome), long> _lateApprovals = new();
    private readonly Counter<long> _reconciled;
    private readonly Histogram<double> _pendingAge;
    private readonly Counter<long> _limited;

    public PaymentMetrics(IMeterFactory meters, IOptions<VendorRouting> routing)
    {
        var meter = meters.Create(MeterName);
        _charges = meter.CreateCounter<long>("eshop.payments.vendor.charges", description: "Vendor charge calls by vendor and outcome (approved, declined, unavailable).");
        _replays = meter.CreateCounter<long>("eshop.payments.idempotent.replays", description: "POST /pay answered from a stored idempotent answer.");
        _cancels = meter.CreateCounter<long>("eshop.payments.cancels", description: "Vendor void calls by vendor and outcome.");
        foreach (var vendor in routing.Value.VendorByBrand.Values.Distinct(StringComparer.OrdinalIgnoreCase))
            foreach (var outcome in new[] { "voided", "void_failed" })
                _lateApprovals[(vendor, outcome)] = 0;
        meter.CreateObservableCounter("eshop.payments.late_approvals", () => _lateApprovals.Select(entry => new Measurement<long>(entry.Value,
                new KeyValuePair<string, object?>("vendor", entry.Key.Vendor), new KeyValuePair<string, object?>("outcome", entry.Key.Outcome))),
            description: "Vendor approvals that arrived for a failed payment, by vendor and outcome (voided, void_failed); alert on any.");
        _reconciled = meter.CreateCounter<long>("eshop.payments.reconciled", description: "Pending payments the reconciler settled, by outcome.");
        _pendingAge = meter.CreateHistogram<double>("eshop.payments.pending.age", unit: "s", description: "Age of the pending payments the reconciler examined.");
        _limited = meter.CreateCounter<long>("eshop.payments.limited", description: "POST /pay refused by an abuse limit, by limit (user, client, declines, cards).");
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

    public void LateApproval(string vendor, bool voided) =>
        _lateApprovals.AddOrUpdate((vendor, voided ? "voided" : "void_failed"), 1, (_, count) => count + 1);

    public void Reconciled(string outcome) => _reconciled.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void PendingAge(TimeSpan age) => _pendingAge.Record(age.TotalSeconds);

    public void Limited(string limit) => _limited.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
