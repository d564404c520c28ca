namespace EShop.ProductService;

/// <summary>Marker type so tests can host this service (Program itself stays internal).</summary>
public sealed class ProductServiceEntryPoint;
