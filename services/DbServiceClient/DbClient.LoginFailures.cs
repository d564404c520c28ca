using EShop.DbServiceClient.Contracts;

namespace EShop.DbServiceClient;

public sealed partial class DbClient
{
    public Task<DbResult<LoginFailureSummary>> GetLoginFailuresAsync(string email, int windowSeconds, CancellationToken ct = default) =>
        SendAsync<LoginFailureSummary>(HttpMethod.Get, $"api/v1/login-failures?email={Escape(email)}&windowSeconds={windowSeconds}", null, ct);

    public Task<DbResult> RecordLoginFailureAsync(string email, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/login-failures", new LoginFailureRequest(email), ct);

    public Task<DbResult> ClearLoginFailuresAsync(string email, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/login-failures?email={Escape(email)}", null, ct);
}
