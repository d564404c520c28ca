using Microsoft.AspNetCore.Identity;

namespace EShop.UserService.Passwords;

/// <summary>The TUser of ASP.NET Core Identity's hasher; the hash does not depend on the user object.</summary>
public sealed class UserAccount
{
    public static readonly UserAccount Instance = new();
}

public static class PasswordHashing
{
    /// <summary>OWASP Password Storage Cheat Sheet figure for PBKDF2-HMAC-SHA512 (Identity V3's PRF);
    /// the framework default of 100,000 is below it, and older hashes are rehashed on login.</summary>
    public const int Pbkdf2Iterations = 220_000;

    public static IServiceCollection AddPasswordHashing(this IServiceCollection services)
    {
        services.Configure<PasswordHasherOptions>(o =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = Pbkdf2Iterations;
        });
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<UnknownAccountPasswordCheck>();
        return services;
    }
}
