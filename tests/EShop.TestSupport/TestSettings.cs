namespace EShop.TestSupport;

public static class TestSettings
{
    /// <summary>The internal service credential every test host is configured with.</summary>
    public const string InternalToken = "test-internal-credential-0123456789";
}
