using System.ComponentModel.DataAnnotations;

namespace EShop.VendorSimulator.Faults;

public static class FaultMode
{
    public const string None = "none";
    /// <summary>Answer 503 "not processed" without charging.</summary>
    public const string Fail = "fail";
    /// <summary>Process normally, then answer late.</summary>
    public const string Slow = "slow";
    /// <summary>Process normally, then reset the connection instead of answering: the caller cannot know.</summary>
    public const string Reset = "reset";
    /// <summary>Answer 500 without processing and without the "not processed" code: the caller cannot know.</summary>
    public const string Error = "error";
}

/// <summary>POST /admin/faults body. Vendor null means every vendor; Count null means until cleared.</summary>
public sealed record FaultRequest(
    [Required, RegularExpression("^(none|fail|slow|reset|error)$")] string Mode,
    [RegularExpression("^[a-z][a-z0-9-]{0,31}$")] string? Vendor,
    [Range(1, 1_000_000)] int? Count,
    [Range(0, 600_000)] int? DelayMilliseconds);

public sealed record ActiveFault(string Mode, TimeSpan Delay);

/// <summary>Faults injected on request, per vendor or for all; each affects the next Count requests.</summary>
public sealed class FaultInjector
{
    private const string AllVendors = "*";

    private sealed class Fault(string mode, int? remaining, TimeSpan delay)
    {
        public string Mode { get; } = mode;
        public int? Remaining { get; set; } = remaining;
        public TimeSpan Delay { get; } = delay;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Fault> _faults = new();

    public void Set(FaultRequest request, TimeSpan defaultDelay)
    {
        var scope = request.Vendor ?? AllVendors;
        lock (_gate)
        {
            if (request.Mode == FaultMode.None)
            {
                if (scope == AllVendors) _faults.Clear();
                else _faults.Remove(scope);
                return;
            }
            // A slow fault waits the default delay; the others wait only when asked (e.g. a "not processed" that comes late).
            var delay = request.DelayMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : request.Mode == FaultMode.Slow ? defaultDelay : TimeSpan.Zero;
            _faults[scope] = new Fault(request.Mode, request.Count, delay);
        }
    }

    /// <summary>The fault that applies to this request, if any, counting it against the fault's budget.</summary>
    public ActiveFault? Take(string vendor)
    {
        lock (_gate)
        {
            var scope = _faults.ContainsKey(vendor) ? vendor : AllVendors;
            if (!_faults.TryGetValue(scope, out var fault)) return null;
            if (fault.Remaining is { } left)
            {
                if (left <= 1) _faults.Remove(scope);
                else fault.Remaining = left - 1;
            }
            return new ActiveFault(fault.Mode, fault.Delay);
        }
    }
}
