using System.Security.Cryptography;
using EShop.Catalog;
using Microsoft.Extensions.Configuration;

namespace EShop.AppHost.Shop;

/// <summary>Credentials made fresh for each local run (nothing is written to the repository): among them one internal
/// credential per catalog caller. A test that starts the app model may hand in its own (LocalRun:Secrets:VendorApiKey,
/// LocalRun:Secrets:Callers:shop-operator, ...) to talk to the parts directly.</summary>
public sealed record LocalSecrets(
    IReadOnlyDictionary<string, string> Callers, string VendorApiKey, string GatewayAdminToken, string DatabasePassword, string PaymentFingerprintKey)
{
    public static LocalSecrets From(IConfiguration configuration, ServiceCatalog catalog)
    {
        var section = configuration.GetSection($"{LocalRunOptions.Section}:Secrets");
        var callers = catalog.Callers.ToDictionary(c => c.Name, c => section[$"Callers:{c.Name}"] ?? NewSecret());
        return new LocalSecrets(callers, section["VendorApiKey"] ?? NewSecret(),
            section["GatewayAdminToken"] ?? NewSecret(), section["DatabasePassword"] ?? NewSecret(),
            section["PaymentFingerprintKey"] ?? NewSecret());
    }

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
