using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EShop.ProductService.Caching;

/// <summary>Strong ETags computed over the exact response bytes.</summary>
public static class EntityTags
{
    public static EntityTagHeaderValue Strong(ReadOnlySpan<byte> body) =>
        new($"\"{Base64Url.EncodeToString(SHA256.HashData(body))}\"");

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2); "*" matches any current representation.</summary>
    public static bool IfNoneMatchHits(StringValues ifNoneMatch, EntityTagHeaderValue current) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
        tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
}
