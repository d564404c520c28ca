using EShop.DbService.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    /// <summary>Reserves one attempt (counted as a failure until <see cref="LoginSucceededAsync"/>), or says how long to wait.</summary>
    public Task<DbResult<LoginAttemptReservation>> ReserveLoginAttemptAsync(ReserveLoginAttemptRequest request, CancellationToken ct = default) =>
        SendAsync<LoginAttemptReservation>(HttpMethod.Post, "api/v1/login-attempt", request, ct);

    public Task<DbResult> LoginSucceededAsync(string email, string client, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/login-attempt/succeeded", new LoginSucceededRequest(email, client), ct);
}
