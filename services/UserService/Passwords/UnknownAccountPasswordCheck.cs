using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace EShop.UserService.Passwords;

/// <summary>Verifies a password against a throwaway hash of the same strength, so a login for an unknown
/// email costs the same as a wrong password and response times do not reveal which accounts exist.</summary>
public sealed class UnknownAccountPasswordCheck(IPasswordHasher<UserAccount> hasher)
{
    private readonly string _dummyHash = hasher.HashPassword(UserAccount.Instance, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public void SpendVerificationWork(string password) => hasher.VerifyHashedPassword(UserAccount.Instance, _dummyHash, password);
}
