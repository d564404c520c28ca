using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Vendors;

/// <summary>Validates one named vendor block and names the environment variable that is wrong.</summary>
public sealed class VendorOptionsValidator(string vendor) : IValidateOptions<VendorOptions>
{
    // Validator reads VendorOptions' properties and attributes by reflection: the dependency keeps them all under trimming.
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(VendorOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "VendorOptions' members are kept by the DynamicDependency above.")]
    public ValidateOptionsResult Validate(string? name, VendorOptions options)
    {
        if (name != vendor) return ValidateOptionsResult.Skip;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            results.Add(new ValidationResult("must be an absolute http(s) URL", [nameof(VendorOptions.BaseUrl)]));
        return results.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r =>
                $"setting {string.Join(", ", r.MemberNames.Select(m => $"{VendorOptions.Section}__{vendor}__{m}"))}: {r.ErrorMessage}"));
    }
}
