using System.Text.RegularExpressions;

namespace EShop.DbService.Problems;

/// <summary>.NET 10's validation names fields by their C# names ("Items[0].ProductId"); callers know the
/// camelCase JSON names ("items[0].productId"). Runs after the shared problem customisation.</summary>
public static partial class CamelCaseErrorKeys
{
    public static IServiceCollection AddCamelCaseErrorKeys(this IServiceCollection services) =>
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var shared = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                shared?.Invoke(context);
                if (context.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
                    validation.Errors = validation.Errors.ToDictionary(e => ToJsonPath(e.Key), e => e.Value);
            };
        });

    [GeneratedRegex(@"(?<=^|\.)[A-Z]")]
    private static partial Regex SegmentStart();

    private static string ToJsonPath(string key) => SegmentStart().Replace(key, m => m.Value.ToLowerInvariant());
}
