using EShop.DbService.Contracts;

namespace EShop.DbService.Stores;

/// <summary>A rehash of the same password, written only while the password is still at <c>PasswordVersion</c>.</summary>
public sealed record SetPasswordHash(string PasswordHash, int PasswordVersion);

/// <summary>A new password at <c>PasswordVersion</c>; every other session than <c>KeepSessionTokenHash</c> is revoked.</summary>
public sealed record ChangePassword(string PasswordHash, int PasswordVersion, string? KeepSessionTokenHash);

/// <summary>A session for the login that verified the password at <c>PasswordVersion</c>.</summary>
public sealed record CreateSession(Guid UserId, string TokenHash, DateTimeOffset ExpiresAt, int PasswordVersion);

/// <summary>One login attempt's reservation and the policy it is judged by.</summary>
public sealed record ReserveLoginAttempt(
    string Email, string Client, int WindowSeconds, int SharedFailureLimit, int FreeFailures, int DelayBaseSeconds, int DelayMaxSeconds);

/// <summary>The requests' mapping, once validated (their required members are present).</summary>
public static class UserCommands
{
    public static SetPasswordHash ToCommand(this SetPasswordHashRequest request) => new(request.PasswordHash, request.PasswordVersion!.Value);

    public static ChangePassword ToCommand(this ChangePasswordRequest request) =>
        new(request.PasswordHash, request.PasswordVersion!.Value, request.KeepSessionTokenHash);

    public static CreateSession ToCommand(this CreateSessionRequest request) =>
        new(request.UserId!.Value, request.TokenHash, request.ExpiresAt!.Value, request.PasswordVersion!.Value);

    public static ReserveLoginAttempt ToCommand(this ReserveLoginAttemptRequest request) =>
        new(request.Email, request.Client, request.WindowSeconds!.Value, request.SharedFailureLimit!.Value, request.FreeFailures!.Value,
            request.DelayBaseSeconds!.Value, request.DelayMaxSeconds!.Value);
}
