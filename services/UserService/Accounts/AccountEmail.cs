namespace EShop.UserService.Accounts;

public static class AccountEmail
{
    /// <summary>One spelling per account: signup, login and the per-account throttle all use this form.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
