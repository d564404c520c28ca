using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EShop.ServiceDefaults.Configuration;

public static class RequiredSettings
{
    // Native AOT: T keeps all its members (DynamicallyAccessedMembers.All), which is what the reflection binder and the
    // DataAnnotations validator read; that is enough for strings, numbers and booleans. A collection-valued setting is
    // not (the reflection binder's collection members are trimmed away: an empty dictionary under Native AOT), so such a
    // class binds at a call site with its concrete type, which the binding generator sees, and takes only the validation
    // from here (AddSettingValidation). The generator cannot see a generic T (SYSLIB1104, silenced in the csproj).
    // The AOT build of each service binds and validates its settings at every start (tests/delivery/measure.mjs).
    private const string MembersKept = "T is annotated DynamicallyAccessedMembers.All, so its properties and attributes are kept.";

    /// <summary>Binds an options class from configuration and validates its data annotations when
    /// the host starts, so a missing setting stops the service at once with the variable's name.</summary>
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = MembersKept)]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = MembersKept)]
    public static OptionsBuilder<T> AddValidatedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        this IServiceCollection services, string section) where T : class
    {
        services.AddSettingValidation<T>(section);
        return services.AddOptions<T>().BindConfiguration(section);
    }

    /// <summary>The validation half of <see cref="AddValidatedOptions{T}"/>, for a class bound elsewhere.</summary>
    public static OptionsBuilder<T> AddSettingValidation<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new NamedSettingValidator<T>(section));
        return services.AddOptions<T>().ValidateOnStart();
    }

    private sealed class NamedSettingValidator<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(string section)
        : IValidateOptions<T> where T : class
    {
        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = MembersKept)]
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
                return ValidateOptionsResult.Success;
            return ValidateOptionsResult.Fail(results.Select(r =>
                $"setting {string.Join(", ", r.MemberNames.Select(m => $"{section}__{m}"))} " +
                $"(configuration key {section}:{string.Join(",", r.MemberNames)}): {r.ErrorMessage}"));
        }
    }
}
