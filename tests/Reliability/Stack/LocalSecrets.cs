using System.Security.Cryptography;

namespace EShop.Reliability.Stack;

/// <summary>The credentials the suite hands the app host, so it can talk to the parts directly (the simulator's admin
/// API, the database, the gateway's rotation API).</summary>
public sealed class LocalSecrets
{
    public string InternalToken { get; } = NewSecret();
    public string VendorApiKey { get; } = NewSecret();
    public string GatewayAdminToken { get; } = NewSecret();
    public string DatabasePassword { get; } = NewSecret();

    public IEnumerable<string> AsArguments() =>
    [
        $"--LocalRun:Secrets:InternalToken={InternalToken}", $"--LocalRun:Secrets:VendorApiKey={VendorApiKey}",
        $"--LocalRun:Secrets:GatewayAdminToken={GatewayAdminToken}", $"--LocalRun:Secrets:DatabasePassword={DatabasePassword}",
    ];

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
