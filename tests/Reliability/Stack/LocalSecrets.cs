using System.Security.Cryptography;

namespace EShop.Reliability.Stack;

/// <summary>The credentials the suite hands the app host, so it can talk to the parts directly (the simulator's admin
/// API, the database, the gateway's rotation API).</summary>
public sealed class LocalSecrets
{
    /// <summary>The catalog operator's internal credential (db-service's maintenance routes, payment-service's /cancel).</summary>
    public string OperatorCredential { get; } = NewSecret();
    public string VendorApiKey { get; } = NewSecret();
    public string GatewayAdminToken { get; } = NewSecret();
    public string DatabasePassword { get; } = NewSecret();

    public IEnumerable<string> AsArguments() =>
    [
        $"--LocalRun:Secrets:Callers:shop-operator={OperatorCredential}", $"--LocalRun:Secrets:VendorApiKey={VendorApiKey}",
        $"--LocalRun:Secrets:GatewayAdminToken={GatewayAdminToken}", $"--LocalRun:Secrets:DatabasePassword={DatabasePassword}",
    ];

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
