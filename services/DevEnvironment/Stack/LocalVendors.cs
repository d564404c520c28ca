namespace EShop.DevEnvironment.Stack;

/// <summary>Points payment-service's vendor adapters at the local card-vendor simulator.</summary>
public static class LocalVendors
{
    public static readonly string[] Names = ["Visa", "Mastercard", "Amex"];

    public static IEnumerable<KeyValuePair<string, string>> PaymentServiceSettings(Uri simulator, LocalSecrets secrets) =>
        Names.SelectMany(name => new Dictionary<string, string>
        {
            [$"Vendors__{name}__BaseUrl"] = simulator.ToString().TrimEnd('/'),
            [$"Vendors__{name}__ApiKey"] = secrets.VendorApiKey,
        }).Concat(new Dictionary<string, string>
        {
            ["Payments__FingerprintKey"] = secrets.PaymentFingerprintKey,
            // The gateway's proxy_read_timeout (NginxGatewayConfig): payment-service checks its wait bound against it.
            ["Payments__EdgeTimeoutSeconds"] = "30",
        });

    public static IEnumerable<KeyValuePair<string, string>> SimulatorSettings(LocalSecrets secrets) =>
        [new("Simulator__ApiKey", secrets.VendorApiKey)];
}
