using EShop.DbService.Maintenance;
using EShop.DbService.Migrations;
using EShop.DbService.Seed;
using EShop.DbService.Stores;
using EShop.ServiceDefaults.Configuration;
using EShop.ServiceDefaults.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EShop.DbService.Database;

public static class DatabaseRegistration
{
    /// <summary>The pooled data source, migrations and the catalogue seed: all the one-shot commands need.</summary>
    public static IServiceCollection AddPostgres(this IServiceCollection services)
    {
        // Npgsql reports every command at Information; only its warnings are worth a log line.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter("Npgsql", LogLevel.Warning));
        services.AddValidatedOptions<PostgresOptions>(PostgresOptions.Section);
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        services.AddSingleton(provider => new NpgsqlDataSourceBuilder(provider.GetRequiredService<IOptions<PostgresOptions>>().Value.Postgres)
            .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
            .Build());
        // A span per command under the request that ran it, and the pool's figures on /metrics.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddNpgsql());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddNpgsqlInstrumentation());
        services.AddSingleton<Migrator>();
        services.AddSingleton<CatalogueSeeder>();
        return services;
    }

    /// <summary>Everything the HTTP service adds on top: stores, database error mapping, readiness, purge, startup migration.</summary>
    public static IServiceCollection AddDbServiceData(this IServiceCollection services)
    {
        services.AddPostgres();
        services.AddValidatedOptions<SessionLimits>(SessionLimits.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UserStore>();
        services.AddSingleton<LoginFailureStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<CardStore>();
        services.AddSingleton<ProductStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<PaymentStore>();
        services.AddSingleton<RateLimitStore>();
        services.AddSingleton<PayBeginStore>();
        services.AddSingleton<PayFinishStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReconcilerLock>();
        services.AddHostedService(provider => provider.GetRequiredService<ReconcilerLock>());
        services.AddExceptionHandler<PostgresProblemHandler>();
        services.AddHealthChecks().AddCheck<PostgresReadinessCheck>("postgres", tags: [HealthEndpoints.ReadyTag], timeout: PostgresReadinessCheck.Timeout);
        services.AddHostedService<StartupMigration>();
        services.AddHostedService<ExpiredRecordsPurge>();
        return services;
    }
}
