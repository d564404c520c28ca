using EShop.PaymentService.Vendors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EShop.Payments.Tests.Vendors;

/// <summary>Vendor configuration mistakes stop the service at startup with the environment variable's name.</summary>
public sealed class VendorConfigurationTests
{
    private static IServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddPaymentVendors()
            .AddPaymentVendor<VisaVendor>(VisaVendor.VendorName)
            .AddPaymentVendor<AmexVendor>(AmexVendor.VendorName);
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Vendors:Visa:BaseUrl"] = "http://127.0.0.1:9/",
        ["Vendors:Visa:ApiKey"] = "visa-api-key-0123456789",
        ["Vendors:Amex:BaseUrl"] = "https://amex.example/",
        ["Vendors:Amex:ApiKey"] = "amex-api-key-0123456789",
    };

    private static IReadOnlyList<string> Failures(Dictionary<string, string?> settings) =>
        Assert.Throws<OptionsValidationException>(() => Build(settings).GetRequiredService<IOptions<VendorRouting>>().Value).Failures.ToList();

    [Fact]
    public void Each_vendor_takes_its_own_brand_by_default()
    {
        var routing = Build(Valid()).GetRequiredService<IOptions<VendorRouting>>().Value;
        Assert.Equal("Visa", routing.VendorByBrand["Visa"]);
        Assert.Equal("Amex", routing.VendorByBrand["Amex"]);
        Assert.False(routing.VendorByBrand.ContainsKey("Mastercard"));
    }

    [Fact]
    public void Missing_or_invalid_settings_are_named_all_at_once()
    {
        var settings = Valid();
        settings.Remove("Vendors:Visa:ApiKey");
        settings["Vendors:Amex:BaseUrl"] = "ftp://amex.example/";
        settings["Vendors:Amex:TimeoutSeconds"] = "0";
        var failures = Failures(settings);
        Assert.Contains(failures, f => f.Contains("Vendors__Visa__ApiKey"));
        Assert.Contains(failures, f => f.Contains("Vendors__Amex__BaseUrl"));
        Assert.Contains(failures, f => f.Contains("Vendors__Amex__TimeoutSeconds"));
    }

    [Fact]
    public void A_configured_vendor_without_an_adapter_class_is_refused()
    {
        var settings = Valid();
        settings["Vendors:Diners:BaseUrl"] = "http://127.0.0.1:9/";
        Assert.Contains(Failures(settings), f => f.Contains("Vendors__Diners") && f.Contains("no adapter"));
    }

    [Fact]
    public void A_brand_routed_to_two_vendors_or_an_unknown_brand_is_refused()
    {
        var settings = Valid();
        settings["Vendors:Amex:Brands:0"] = "Visa";
        settings["Vendors:Amex:Brands:1"] = "Diners";
        var failures = Failures(settings);
        Assert.Contains(failures, f => f.Contains("Vendors__Amex__Brands") && f.Contains("'Visa' is already routed"));
        Assert.Contains(failures, f => f.Contains("Vendors__Amex__Brands") && f.Contains("unknown card brand 'Diners'"));
    }
}
