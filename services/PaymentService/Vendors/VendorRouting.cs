using EShop.PaymentService.Cards;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Vendors;

/// <summary>Which vendor takes which card brand, built from the registered adapters and their
/// <c>Vendors:&lt;Name&gt;</c> blocks. Every problem (invalid blocks included) is collected here so that
/// startup reports them all at once.</summary>
public sealed class VendorRouting
{
    public Dictionary<string, string> VendorByBrand { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Problems { get; } = [];

    public sealed record Registration(string Vendor);

    internal sealed class Builder(IEnumerable<Registration> registrations, IOptionsMonitor<VendorOptions> vendors, IConfiguration configuration)
        : IConfigureOptions<VendorRouting>
    {
        public void Configure(VendorRouting routing)
        {
            var registered = registrations.Select(r => r.Vendor).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var section in configuration.GetSection(VendorOptions.Section).GetChildren().Where(s => !registered.Contains(s.Key)))
                routing.Problems.Add($"setting {VendorOptions.Section}__{section.Key}: no adapter class is registered for vendor '{section.Key}'");

            foreach (var vendor in registered)
            {
                VendorOptions options;
                try
                {
                    options = vendors.Get(vendor);
                }
                catch (OptionsValidationException invalid)
                {
                    routing.Problems.AddRange(invalid.Failures);
                    continue;
                }
                var brands = options.Brands is { Count: > 0 } configured ? configured : [vendor];
                foreach (var brand in brands)
                {
                    if (CardBrands.All.All(b => !b.Name.Equals(brand, StringComparison.OrdinalIgnoreCase)))
                        routing.Problems.Add($"setting {VendorOptions.Section}__{vendor}__Brands: unknown card brand '{brand}' (known: {string.Join(", ", CardBrands.All.Select(b => b.Name))})");
                    else if (!routing.VendorByBrand.TryAdd(brand, vendor))
                        routing.Problems.Add($"setting {VendorOptions.Section}__{vendor}__Brands: brand '{brand}' is already routed to {routing.VendorByBrand[brand]}");
                }
            }
        }
    }

    internal sealed class Validator : IValidateOptions<VendorRouting>
    {
        public ValidateOptionsResult Validate(string? name, VendorRouting routing) =>
            routing.Problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(routing.Problems);
    }
}
