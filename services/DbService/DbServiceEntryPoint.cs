namespace EShop.DbService;

/// <summary>Marker for WebApplicationFactory: the test projects reference several services, each with its own internal Program.</summary>
public sealed class DbServiceEntryPoint;
