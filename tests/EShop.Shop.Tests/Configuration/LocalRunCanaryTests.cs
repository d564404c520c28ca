using EShop.AppHost;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace EShop.Shop.Tests.Configuration;

/// <summary>The app host's <c>--LocalRun:Canary=SERVICE=WEIGHT</c>: read as given, refused with the key named.</summary>
public sealed class LocalRunCanaryTests
{
    private static readonly string[] PublicServices = ["user-service", "product-service", "payment-service"];

    private static LocalRunOptions Read(params string[] args) =>
        LocalRunOptions.From(new ConfigurationBuilder().AddCommandLine(args).Build(), PublicServices);

    [Fact]
    public void A_canary_of_a_public_service_is_read_with_its_weight_and_none_is_the_default()
    {
        Assert.Equal(new CanaryRun("product-service", 10), Read("--LocalRun:Canary=product-service=10").Canary);
        Assert.Equal(new CanaryRun("product-service", 0), Read("--LocalRun:Canary=product-service=0").Canary);
        Assert.Null(Read().Canary);
    }

    [Theory]
    [InlineData("product-service=101")]
    [InlineData("product-service=-1")]
    [InlineData("product-service")]
    [InlineData("product-service=ten")]
    [InlineData("db-service=10")]
    public void A_malformed_canary_or_one_of_an_internal_service_is_refused_naming_the_key(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read($"--LocalRun:Canary={value}"));
        Assert.StartsWith("LocalRun__Canary", error.Message);
    }
}
