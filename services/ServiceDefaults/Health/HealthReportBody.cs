namespace EShop.ServiceDefaults.Health;

/// <summary>The /readyz answer: the overall status and each readiness check's status and description.</summary>
public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthCheckBody> Checks);

public sealed record HealthCheckBody(string Status, string? Description);
