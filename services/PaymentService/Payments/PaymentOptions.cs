using System.ComponentModel.DataAnnotations;

namespace EShop.PaymentService.Payments;

/// <summary>The <c>Payments</c> block (env <c>Payments__*</c>).</summary>
public sealed class PaymentOptions : IValidatableObject
{
    public const string Section = "Payments";

    /// <summary>How far below the edge's timeout every wait inside /pay must end, so the service answers before the edge gives up.</summary>
    public const double EdgeMarginSeconds = 5;

    /// <summary>Secret, payment-service's own (not the internal token): the key of the card-number hashes in the stored
    /// request fingerprint and in the distinct-cards count.</summary>
    [Required, StringLength(4096, MinimumLength = 32)]
    public string FingerprintKey { get; set; } = "";

    /// <summary>The one bound on every wait inside /pay (a duplicate polling, the holder's own work): past it the service
    /// answers 409/503 with Retry-After while the work goes on.</summary>
    [Range(1, 600)]
    public double WaitSeconds { get; set; } = 20;

    /// <summary>The shortest timeout of the edge in front (the local gateway's, the load balancer's idle timeout); when
    /// set, <see cref="WaitSeconds"/> must end <see cref="EdgeMarginSeconds"/> before it.</summary>
    [Range(1, 4000)]
    public double? EdgeTimeoutSeconds { get; set; }

    /// <summary>How long one db-service call may take (the db-service client's timeout); the lease counts the holder's
    /// calls before the vendor call with it.</summary>
    [Range(0.1, 60)] public double DbCallTimeoutSeconds { get; set; } = 10;

    [Range(1, 100_000)] public int PerUserPerMinute { get; set; } = 30;
    [Range(1, 100_000)] public int PerClientPerMinute { get; set; } = 120;
    [Range(1, 10_000)] public int DeclinesPerHour { get; set; } = 10;
    [Range(1, 10_000)] public int CardsPerHour { get; set; } = 5;
    [Range(1, 1_000)] public int WaitersPerKey { get; set; } = 8;

    /// <summary>How often the reconciler looks for pending payments (one replica at a time does).</summary>
    [Range(0.1, 3600)] public double ReconcileIntervalSeconds { get; set; } = 10;

    /// <summary>A payment pending this long is the reconciler's to settle (if its holder's lease has ended).</summary>
    [Range(0, 86_400)] public int ReconcileAfterSeconds { get; set; } = 60;

    /// <summary>A pending payment the vendor has no charge for is failed once this old (and its key released).</summary>
    [Range(1, 86_400)] public int FailAfterSeconds { get; set; } = 600;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EdgeTimeoutSeconds is { } edge && WaitSeconds > edge - EdgeMarginSeconds)
            yield return new ValidationResult(
                $"must be at least {EdgeMarginSeconds} s below {Section}__{nameof(EdgeTimeoutSeconds)} ({edge} s), or the edge answers a bare timeout first",
                [nameof(WaitSeconds)]);
    }
}
