using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EShop.DbServiceClient.Authentication;

/// <summary>The opaque bearer token format: 32 random bytes in base64url. Only its SHA-256 (hex) is ever stored.</summary>
public static class BearerTokens
{
    public const string Scheme = "Bearer";
    private const int TokenBytes = 32;
    private static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The form db-service stores and resolves: 64 lower-case hex characters.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>True when the request carries an Authorization header at all (well-formed or not).</summary>
    public static bool IsPresented(HttpRequest request) => request.Headers.Authorization.Count > 0;

    /// <summary>The token of an <c>Authorization: Bearer &lt;token&gt;</c> header, if it has the issued shape.</summary>
    public static bool TryRead(HttpRequest request, [NotNullWhen(true)] out string? token)
    {
        token = null;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase)) return false;
        var candidate = header[(Scheme.Length + 1)..].Trim();
        if (candidate.Length != TokenLength || !Base64Url.IsValid(candidate)) return false;
        token = candidate;
        return true;
    }
}
