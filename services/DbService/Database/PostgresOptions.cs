using System.ComponentModel.DataAnnotations;

namespace EShop.DbService.Database;

/// <summary>Env ConnectionStrings__Postgres (secret): the only database credential of the platform.</summary>
public sealed class PostgresOptions
{
    public const string Section = "ConnectionStrings";

    [Required]
    public string Postgres { get; set; } = "";
}

/// <summary>Env Database__*.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations when the service starts (false in Kubernetes: a Job runs `migrate`).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>How often expired sessions, idempotency records and old login failures are deleted.</summary>
    [Range(1, 1440)]
    public int PurgeIntervalMinutes { get; set; } = 5;

    /// <summary>`migrate` only: the DML-only login db-service runs as in production, created or updated after the
    /// migrations (both this and RuntimePassword, or neither; the local run and tests use one login).</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string? RuntimeRole { get; set; }

    /// <summary>`migrate` only: the runtime role's password (secret).</summary>
    [StringLength(1024, MinimumLength = 16)]
    public string? RuntimePassword { get; set; }
}
