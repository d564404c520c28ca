using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace EShop.AppHost.Shop;

/// <summary>Credentials made fresh for each local run (nothing is written to the repository); a test that starts the
/// app model may hand in its own (LocalRun:Secrets:InternalToken, ...) to talk to the parts directly.</summary>
public sealed record LocalSecrets(
    string InternalToken, string VendorApiKey, string GatewayAdminToken, string DatabasePassword, string PaymentFingerprintKey)
{
    public static LocalSecrets From(IConfiguration configuration)
    {
        var section = configuration.GetSection($"{LocalRunOptions.Section}:Secrets");
        return new LocalSecrets(section["InternalToken"] ?? NewSecret(), section["VendorApiKey"] ?? NewSecret(),
            section["GatewayAdminToken"] ?? NewSecret(), section["DatabasePassword"] ?? NewSecret(),
            section["PaymentFingerprintKey"] ?? NewSecret());
    }

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
