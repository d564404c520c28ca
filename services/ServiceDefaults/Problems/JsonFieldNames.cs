using System.Text.RegularExpressions;

namespace EShop.ServiceDefaults.Problems;

/// <summary>.NET 10's validation names fields by their C# member path ("Items[0].ProductId"); callers know
/// the camelCase JSON names ("items[0].productId") they sent.</summary>
public static partial class JsonFieldNames
{
    public static string FromMemberPath(string key) => SegmentStart().Replace(key, m => m.Value.ToLowerInvariant());

    [GeneratedRegex(@"(?<=^|\.)[A-Z]")]
    private static partial Regex SegmentStart();
}
