namespace EShop.UserService;

/// <summary>Marker type so tests can host this service (Program itself stays internal).</summary>
public sealed class UserServiceEntryPoint;
