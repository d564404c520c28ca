using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EShop.ServiceDefaults.Configuration;

public static class RequiredSettings
{
    /// <summary>Binds an options class from configuration and validates its data annotations when
    /// the host starts, so a missing setting stops the service at once with the variable's name.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new NamedSettingValidator<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class NamedSettingValidator<T>(string section) : IValidateOptions<T> where T : class
    {
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
