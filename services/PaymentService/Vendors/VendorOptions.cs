using System.ComponentModel.DataAnnotations;

namespace EShop.PaymentService.Vendors;

/// <summary>One <c>Vendors:&lt;Name&gt;</c> block (env <c>Vendors__&lt;Name&gt;__BaseUrl</c> etc.).</summary>
public sealed class VendorOptions
{
    public const string Section = "Vendors";

    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Secret: from the stack's secret configuration, never logged.</summary>
    [Required, StringLength(4096, MinimumLength = 16)]
    public string ApiKey { get; set; } = "";

    /// <summary>Per attempt.</summary>
    [Range(0.05, 120)]
    public double TimeoutSeconds { get; set; } = 10;

    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    [Range(0, 10)]
    public double RetryDelaySeconds { get; set; } = 0.2;

    /// <summary>How long the breaker stays open once the vendor looks down.</summary>
    [Range(1, 600)]
    public double BreakSeconds { get; set; } = 30;

    /// <summary>Failed attempts (at least half of those in 30 s) that open the breaker.</summary>
    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>Card brands routed to this vendor; defaults to the vendor's own name.</summary>
    public List<string> Brands { get; set; } = [];
}
