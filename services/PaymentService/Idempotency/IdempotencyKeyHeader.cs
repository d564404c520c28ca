using System.Diagnostics.CodeAnalysis;

namespace EShop.PaymentService.Idempotency;

public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>Reads the key: 1 to 255 printable ASCII characters (space to tilde) except the comma, exactly one
    /// header. A comma is refused because two headers may arrive folded into one "a, b" line.</summary>
    public static bool TryRead(HttpRequest request, [NotNullWhen(true)] out string? key)
    {
        key = null;
        var values = request.Headers[Name];
        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxLength } value) return false;
        if (!value.All(c => c is >= ' ' and <= '~' and not ',')) return false;
        key = value;
        return true;
    }
}
