using System.ComponentModel.DataAnnotations;

namespace EShop.DbServiceClient;

public sealed class DbServiceOptions
{
    public const string Section = "Services";

    /// <summary>Base address of db-service, e.g. http://db-service:8080 (env Services__DbService).</summary>
    [Required, Url]
    public string DbService { get; set; } = "";
}
