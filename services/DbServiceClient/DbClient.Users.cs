using EShop.DbServiceClient.Contracts;

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

    public Task<DbResult> SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, $"api/v1/user/{id}/password-hash", new SetPasswordHashRequest(passwordHash), ct);
}
