using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using EShop.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.ServiceDefaults.Security;

/// <summary>Each internal caller's own credential as an authentication scheme: the credential names the caller
/// (401 without a known one, before the request body is read or validated); the policy then lets the caller
/// through only to the routes services/catalog.json grants it (403 naming the caller otherwise).</summary>
public sealed class InternalCallerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<InternalCallerCredentials> credentials,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "InternalCredential";
    public const string Policy = "internal-caller";
    public const string CallerClaim = "eshop:internal-caller";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[InternalAuthOptions.HeaderName].ToString();
        if (presented.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var caller = CallerOf(presented);
        if (caller is null) return Task.FromResult(AuthenticateResult.Fail("unknown internal credential"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CallerClaim, caller)], SchemeName, CallerClaim, null));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <summary>Compares SHA-256 digests in fixed time, so neither a credential's content nor its length leaks.</summary>
    private string? CallerOf(string presented)
    {
        var digest = Encoding.ASCII.GetBytes(InternalCallerCredentials.Digest(presented));
        string? match = null;
        foreach (var (caller, expected) in credentials.Value.Callers)
            if (CryptographicOperations.FixedTimeEquals(digest, Encoding.ASCII.GetBytes(expected.ToLowerInvariant()))) match = caller;
        return match;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status401Unauthorized, "Internal credential required",
            $"This route is internal: present your service's own credential in {InternalAuthOptions.HeaderName}.");

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var caller = (await HandleAuthenticateOnceSafeAsync()).Principal?.FindFirstValue(CallerClaim) ?? "the caller";
        var path = CatalogGrants.CatalogPath(Context) ?? Request.Path.Value;
        await WriteAsync(StatusCodes.Status403Forbidden, "Route not granted to this caller",
            $"{caller} may not call {Request.Method} {path}: services/catalog.json does not grant it.", caller);
    }

    private Task WriteAsync(int status, string title, string detail, string? caller = null)
    {
        Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (caller is not null) problem.Extensions["caller"] = caller;
        return problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }).AsTask();
    }

    internal static void Register(IServiceCollection services)
    {
        services.AddSingleton(sp => CatalogGrants.ForApplication(sp.GetRequiredService<IHostEnvironment>().ApplicationName));
        // Bound here, with its concrete type, by the configuration binding generator: the Callers dictionary stays empty
        // under the reflection binder in a Native AOT build (RequiredSettings).
        services.AddOptions<InternalCallerCredentials>().BindConfiguration(InternalCallerCredentials.Section);
        services.AddSettingValidation<InternalCallerCredentials>(InternalCallerCredentials.Section)
            .PostConfigure<CatalogGrants>((o, grants) => o.KnownCallers = grants.AllCallers);
        services.AddSingleton<IAuthorizationHandler, CatalogGrantHandler>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, InternalCallerAuthentication>(SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new CatalogGrantRequirement()));
    }
}
