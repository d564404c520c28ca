using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EShop.DbService.Stores;

/// <summary>The opaque keyset cursor of the product list: the last id of the previous page, versioned and base64url-encoded.</summary>
public static class ProductCursor
{
    private const string Prefix = "p1:";

    public static string Encode(long lastId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastId.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string cursor, out long lastId)
    {
        lastId = 0;
        if (cursor.Length > 64) return false;
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(cursor); }
        catch (FormatException) { return false; }
        var text = Encoding.ASCII.GetString(bytes);
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out lastId);
    }
}
