using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EShop.Benchmarks.Floors;

/// <summary>The login floor: Identity's PasswordHasher verifying one hash on N threads at user-service's iteration count
/// (services/UserService/Passwords/PasswordHashing.cs).</summary>
public static class HasherFloor
{
    public static FloorResult Run(FloorOptions options)
    {
        var hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Number("iterations", 220_000),
        }));
        var user = new object();
        const string password = "benchmark password 123";
        var hash = hasher.HashPassword(user, password);
        return FloorResult.MeasureAsync(options.Workers, options.Duration, _ =>
        {
            if (hasher.VerifyHashedPassword(user, hash, password) == PasswordVerificationResult.Failed)
                throw new InvalidOperationException("the hash did not verify");
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }
}
