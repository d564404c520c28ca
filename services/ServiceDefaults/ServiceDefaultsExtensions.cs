using EShop.ServiceDefaults.Configuration;
using EShop.ServiceDefaults.Health;
using EShop.ServiceDefaults.Logging;
using EShop.ServiceDefaults.Logging.Redaction;
using EShop.ServiceDefaults.Problems;
using EShop.ServiceDefaults.Security;
using EShop.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EShop.ServiceDefaults;

/// <summary>The plumbing every service shares: logging with redaction, OpenTelemetry traces and metrics, problem
/// details, limits, health, OpenAPI and the internal credential.</summary>
public static class ServiceDefaultsExtensions
{
    /// <remarks>Each service also calls <c>builder.Services.AddValidation()</c> itself: the validation
    /// source generator only sees the endpoints of the project that makes that call.</remarks>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddJsonLogging();
        builder.AddLogRedaction();
        builder.AddOpenTelemetryDefaults();
        builder.AddRequestLimits();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddProblemResponses();
        builder.Services.AddOpenApi();
        builder.Services.AddValidatedOptions<ShutdownOptions>(ShutdownOptions.Section);
        builder.Services.AddSingleton<ConnectionDraining>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConnectionDraining>());
        builder.Services.AddHealthChecks().AddCheck<ConnectionDraining>("shutdown", tags: [HealthEndpoints.ReadyTag]);
        InternalCallerAuthentication.Register(builder.Services);
        return builder;
    }

    /// <summary>Adds the shared middleware and the operational endpoints. Call before mapping routes.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<CloseConnectionsWhileDraining>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Utf8JsonOnly>();
        app.MapHealthEndpoints();
        app.MapPrometheusMetrics();
        app.MapOpenApi();
        // Inside the exception handler, so 401s are problems with the trace id.
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Only internal callers that present their own credential (401 otherwise, decided before the request is
    /// bound or validated) and that services/catalog.json grants the route (403 otherwise) may use these endpoints.</summary>
    public static TBuilder RequireInternalCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(InternalCallerAuthentication.Policy);
}
