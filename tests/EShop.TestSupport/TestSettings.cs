using System.Security.Cryptography;
using EShop.Catalog;

namespace EShop.TestSupport;

public static class TestSettings
{
    /// <summary>The catalog's operator: tests seed and inspect db-service with its credential.</summary>
    public const string Operator = "shop-operator";

    public static ServiceCatalog Catalog { get; } = ServiceCatalog.LoadFromRepository();

    private static readonly Dictionary<string, string> Credentials = Catalog.Callers.ToDictionary(
        c => c.Name, c => $"test-{c.Name}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");

    /// <summary>The caller's own internal credential, fresh for each test run (as the app host makes them).</summary>
    public static string CredentialOf(string caller) => Credentials[caller];

    private static string Digest(string credential) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(credential)));

    /// <summary>The settings a host of <paramref name="service"/> gets: its own credential (if it calls anything) and
    /// the digest of every caller's credential (if it has internal routes), as the app host and the cluster give them.</summary>
    public static IEnumerable<KeyValuePair<string, string>> InternalAuthFor(string? service)
    {
        if (service is null) yield break;
        if (Catalog.Services.Any(s => s.Name == service && s.Calls.Count > 0))
            yield return new("InternalAuth:Token", CredentialOf(service));
        if (!Catalog.CallersOf(service).Any()) yield break;
        foreach (var caller in Catalog.Callers)
            yield return new($"InternalAuth:Callers:{caller.Name}", Digest(CredentialOf(caller.Name)));
    }
}
