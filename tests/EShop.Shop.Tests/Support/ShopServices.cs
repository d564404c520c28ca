using EShop.TestSupport;
using Xunit;

namespace EShop.Shop.Tests.Support;

/// <summary>Default user and product services on one db-service (<see cref="ShopHosts"/>), shared by the tests of
/// <see cref="ShopServicesCollection"/>. Tests that need other settings start their own instances on the same db-service
/// through <see cref="ShopHosts.StartUserService"/> and <see cref="ShopHosts.StartProductService"/>.</summary>
public sealed class ShopServices() : ShopHosts(new ShopHostOptions(Users: true, Products: true));

[CollectionDefinition(Name)]
public sealed class ShopServicesCollection : ICollectionFixture<ShopServices>
{
    public const string Name = "user and product services";
}
