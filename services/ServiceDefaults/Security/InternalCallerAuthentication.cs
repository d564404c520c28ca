using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EShop.ServiceDefaults.Security;

/// <summary>The internal service credential as an authentication scheme, so internal routes refuse a caller
/// without it (401) before the request body is read or validated.</summary>
public sealed class InternalCallerAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<InternalAuthOptions> internalAuth,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "InternalCredential";
    public const string Policy = "internal-caller";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[InternalAuthOptions.HeaderName].ToString();
        if (presented.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var expected = Encoding.UTF8.GetBytes(internalAuth.Value.Token);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected))
            return Task.FromResult(AuthenticateResult.Fail("wrong internal credential"));
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "internal-caller")], SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Internal credential required",
                Detail = $"This route is internal: present the service credential in {InternalAuthOptions.HeaderName}.",
            },
        });
    }

    internal static void Register(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, InternalCallerAuthentication>(SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser());
    }
}
