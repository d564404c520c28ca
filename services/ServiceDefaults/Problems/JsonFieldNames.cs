using System.Text.RegularExpressions;

namespace EShop.ServiceDefaults.Problems;

/// <summary>.NET 10's validation names fields by their C# member path ("Items[0].ProductId"); callers know
/// the camelCase JSON names ("items[0].productId") they sent. A segment that is no C# identifier (a header such as
/// "Idempotency-Key") is a name the service chose and stays as it is.</summary>
public static partial class JsonFieldNames
{
    public static string FromMemberPath(string key) => SegmentStart().Replace(key, m => m.Value.ToLowerInvariant());

    [GeneratedRegex(@"(?<=^|\.)[A-Z](?=\w*(?:[.\[]|$))")]
    private static partial Regex SegmentStart();
}
