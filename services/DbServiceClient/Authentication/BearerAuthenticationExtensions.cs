using EShop.ServiceDefaults.Health;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EShop.DbServiceClient.Authentication;

/// <summary>The one bearer-token check shared by user, product and payment services.</summary>
public static class BearerAuthenticationExtensions
{
    private const string RequiredPolicy = "bearer-token-required";
    private const string RefusedIfInvalidPolicy = "bearer-token-optional";
    private const string PresentedPolicy = "bearer-token-of-issued-form";

    /// <summary>Registers the "Bearer" scheme (resolved through db-service), its two policies, the 503 answer
    /// for a db-service outage and db-service as a readiness dependency. Needs <c>AddDbServiceClient()</c>.</summary>
    public static WebApplicationBuilder AddBearerTokenAuthentication(this WebApplicationBuilder builder)
    {
        AddDbServiceDependency(builder.Services);
        builder.Services.AddAuthentication(BearerTokens.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenAuthenticationHandler>(BearerTokens.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(RequiredPolicy, p => p.AddAuthenticationSchemes(BearerTokens.Scheme).RequireAuthenticatedUser())
            .AddPolicy(RefusedIfInvalidPolicy, p => p.AddAuthenticationSchemes(BearerTokens.Scheme).RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true ||
                context.Resource is HttpContext http && !BearerTokens.IsPresented(http.Request)));
        return builder;
    }

    /// <summary>Registers the "BearerFormat" scheme (<see cref="BearerTokenFormatHandler"/>: the token's form only, resolved by
    /// the endpoint's own db-service call), its policy, the 503 answer for a db-service outage and db-service as a
    /// readiness dependency. Needs <c>AddDbServiceClient()</c>.</summary>
    public static WebApplicationBuilder AddBearerTokenFormatCheck(this WebApplicationBuilder builder)
    {
        AddDbServiceDependency(builder.Services);
        builder.Services.AddAuthentication(BearerTokenFormat.Scheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenFormatHandler>(BearerTokenFormat.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PresentedPolicy, p => p.AddAuthenticationSchemes(BearerTokenFormat.Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Only requests with a bearer token of the issued form reach the endpoint (401 otherwise), which must
    /// resolve the token itself (see <see cref="BearerTokenFormatHandler"/>).</summary>
    public static TBuilder RequireBearerTokenOfIssuedForm<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(PresentedPolicy);

    /// <summary>Only requests with a valid bearer token reach the endpoint (401 otherwise).</summary>
    public static TBuilder RequireBearerToken<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(RequiredPolicy);

    /// <summary>Anonymous requests are welcome, but a presented token must be valid: a revoked or expired one gets 401.</summary>
    public static TBuilder RefuseInvalidBearerToken<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(RefusedIfInvalidPolicy);

    /// <summary>A service that checks bearer tokens depends on db-service: its outage is a 503, and it is ready only while db-service is.</summary>
    private static void AddDbServiceDependency(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, DbServiceOutage>());
        services.AddHealthChecks().AddCheck<DbServiceReadinessCheck>(DbServiceReadinessCheck.Name, tags: [HealthEndpoints.ReadyTag]);
    }
}
