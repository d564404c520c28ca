using EShop.DbService.Tests.Support;
using EShop.DbServiceClient;
using EShop.ServiceDefaults.Configuration;
using EShop.ServiceDefaults.Security;
using EShop.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EShop.DbService.Tests.Client;

[Collection(DbServiceCollection.Name)]
public sealed class DbClientRegistrationTests(DbServiceFixture db)
{
    [Fact]
    public async Task The_registered_client_reaches_db_service_with_the_configured_address_and_credential()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var provider = BuildProvider(new()
        {
            ["Services:DbService"] = db.DbService.BaseAddress.ToString(),
            ["InternalAuth:Token"] = TestSettings.CredentialOf("user-service"),
        });
        var client = provider.GetRequiredService<DbClient>();

        var user = (await client.CreateUserAsync(TestData.User(), ct)).Required;

        Assert.Equal(user.Id, (await client.GetUserAsync(user.Id, ct)).Required.Id);
    }

    [Fact]
    public async Task A_wrong_credential_is_an_exception_not_an_expected_outcome()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var provider = BuildProvider(new()
        {
            ["Services:DbService"] = db.DbService.BaseAddress.ToString(),
            ["InternalAuth:Token"] = "a-credential-db-service-does-not-know",
        });

        var error = await Assert.ThrowsAsync<DbServiceException>(() => provider.GetRequiredService<DbClient>().GetUserAsync(Guid.NewGuid(), ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task A_missing_db_service_address_is_refused_naming_the_variable()
    {
        await using var provider = BuildProvider(new() { ["InternalAuth:Token"] = TestSettings.CredentialOf("user-service") });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DbServiceOptions>>().Value);

        Assert.Contains("Services__DbService", error.Message);
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddDbServiceClient();
        return services.BuildServiceProvider();
    }
}
