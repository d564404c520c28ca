using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace EShop.DbService.Contracts;

/// <summary>[MinLength]/[MaxLength] for lists without their reflection fallback (IL2026 under Native AOT): the JSON
/// deserializer always gives a list that is an <see cref="ICollection"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class ItemCountAttribute(int minimum, int maximum = int.MaxValue)
    : ValidationAttribute("The field {0} must hold from {1} to {2} items.")
{
    public int Minimum => minimum;
    public int Maximum => maximum;

    public override bool IsValid(object? value) => value is null || value is ICollection { Count: var count } && count >= minimum && count <= maximum;

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, minimum, maximum);
}
