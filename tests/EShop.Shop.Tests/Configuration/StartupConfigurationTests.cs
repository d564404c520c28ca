using EShop.TestSupport;
using EShop.TestSupport.Processes;
using Xunit;

namespace EShop.Shop.Tests.Configuration;

/// <summary>The real service binaries refuse to start with a missing or out-of-range setting, exit 2 and name
/// the environment variable (no stack trace).</summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("EShop.UserService", "Services__DbService", null)]
    [InlineData("EShop.UserService", "Tokens__LifetimeMinutes", "0")]
    [InlineData("EShop.UserService", "LoginLimits__PerAccountMaxFailures", "101")]
    [InlineData("EShop.UserService", "LoginLimits__PerAccountWindowSeconds", "600")]
    [InlineData("EShop.UserService", "LoginLimits__PerClientPermitLimit", "0")]
    [InlineData("EShop.ProductService", "Services__DbService", null)]
    [InlineData("EShop.ProductService", "ProductCache__TtlSeconds", "0")]
    public async Task A_bad_setting_stops_the_service_with_exit_code_2_naming_the_variable(string service, string variable, string? value)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_HTTP_PORTS"] = "0",
            ["InternalAuth__Token"] = TestSettings.CredentialOf(service == "EShop.UserService" ? "user-service" : "product-service"),
            ["Services__DbService"] = "http://127.0.0.1:9",
        };
        if (value is null) environment.Remove(variable);
        else environment[variable] = value;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => CommandRunner.RunAsync(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, service + ".dll")], environment: environment, ct: timeout.Token));

        Assert.Contains("exited with 2", failure.Message);
        Assert.Contains($"startup error: missing or invalid setting {variable}", failure.Message);
    }

    [Fact]
    public async Task Several_bad_settings_are_all_named_in_one_start()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_HTTP_PORTS"] = "0",
            ["Services__DbService"] = "http://127.0.0.1:9",
            ["Tokens__LifetimeMinutes"] = "0",
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => CommandRunner.RunAsync(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "EShop.UserService.dll")], environment: environment, ct: timeout.Token));

        Assert.Contains("exited with 2", failure.Message);
        Assert.Contains("startup error: missing or invalid setting InternalAuth__Token", failure.Message);
        Assert.Contains("startup error: missing or invalid setting Tokens__LifetimeMinutes", failure.Message);
    }
}
