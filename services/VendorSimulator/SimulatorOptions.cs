using System.ComponentModel.DataAnnotations;

namespace EShop.VendorSimulator;

public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>The key every caller presents in X-Api-Key, for the vendor routes and the admin routes.</summary>
    [Required, StringLength(int.MaxValue, MinimumLength = 16)]
    public string ApiKey { get; set; } = "";

    /// <summary>How late the "slow" test cards and the slow fault answer.</summary>
    [Range(0, 600_000)]
    public int SlowDelayMilliseconds { get; set; } = 15_000;
}
