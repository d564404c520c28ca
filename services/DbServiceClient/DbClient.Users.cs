using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>201 Created; Conflict when the email (any case) is taken.</summary>
    public Task<DbResult<UserRecord>> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default) =>
        SendAsync<UserRecord>(HttpMethod.Post, "api/v1/user", request, ct);

    public Task<DbResult<UserRecord>> GetUserByEmailAsync(string email, CancellationToken ct = default) =>
        SendAsync<UserRecord>(HttpMethod.Get, $"api/v1/user?email={Escape(email)}", null, ct);

    public Task<DbResult<UserRecord>> GetUserAsync(Guid id, CancellationToken ct = default) =>
        SendAsync<UserRecord>(HttpMethod.Get, $"api/v1/user/{id}", null, ct);

    /// <summary>Also deletes the user's sessions and cards.</summary>
    public Task<DbResult> DeleteUserAsync(Guid id, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/user/{id}", null, ct);

    /// <summary>A rehash of the verified password; Conflict when the password changed since <paramref name="passwordVersion"/>.</summary>
    public Task<DbResult> SetPasswordHashAsync(Guid id, string passwordHash, int passwordVersion, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, $"api/v1/user/{id}/password-hash", new SetPasswordHashRequest(passwordHash, passwordVersion), ct);

    /// <summary>A new password that revokes every other session; Conflict when the password changed since the request's version.</summary>
    public Task<DbResult<PasswordChanged>> ChangePasswordAsync(Guid id, ChangePasswordRequest request, CancellationToken ct = default) =>
        SendAsync<PasswordChanged>(HttpMethod.Post, $"api/v1/user/{id}/password", request, ct);
}
