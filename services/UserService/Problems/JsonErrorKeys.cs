using System.Text.Json;

namespace EShop.UserService.Problems;

/// <summary>The validation generator keys errors by C# member ("Email"); clients know the JSON member
/// ("email"). Rewrites the keys of validation problems to the JSON (camelCase) names.</summary>
/// <remarks>Only request bodies need this here; query parameters are already keyed by their name. The same
/// fix lives in db-service; it belongs in ServiceDefaults once moved there.</remarks>
public static class JsonErrorKeys
{
    public static IServiceCollection AddJsonErrorKeys(this IServiceCollection services) =>
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var shared = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                shared?.Invoke(context);
                if (context.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
                    validation.Errors = validation.Errors
                        .GroupBy(e => ToJsonPath(e.Key))
                        .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());
            };
        });

    private static string ToJsonPath(string key) =>
        string.Join('.', key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
