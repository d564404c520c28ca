using System.ComponentModel.DataAnnotations;

namespace EShop.UserService.Passwords.CommonPasswords;

/// <summary>Refuses a password that is on the shipped list of common passwords (NIST SP 800-63B 3.1.1.2).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NotCommonPasswordAttribute() : ValidationAttribute("The {0} field is a commonly used password; choose another.")
{
    public override bool IsValid(object? value) => value is not string password || !CommonPasswordList.Contains(password);
}
