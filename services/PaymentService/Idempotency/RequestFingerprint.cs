using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EShop.PaymentService.Payments;
using EShop.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Idempotency;

/// <summary>The request hash stored with an idempotency key: SHA-256 of a canonical form of the body.
/// The card number and CVC enter it only through an HMAC whose key is derived from the internal service
/// credential (shared by all replicas, never stored), so the stored hash cannot be brute-forced back to a
/// card number.</summary>
public sealed class RequestFingerprint(IOptions<InternalAuthOptions> internalAuth)
{
    private readonly byte[] _cardKey = HKDF.DeriveKey(HashAlgorithmName.SHA256,
        Encoding.UTF8.GetBytes(internalAuth.Value.Token), 32, info: "eshop-payments-request-fingerprint"u8.ToArray());

    private sealed record CanonicalItem(long ProductId, int Quantity);
    private sealed record CanonicalCard(string NumberMac, int ExpiryMonth, int ExpiryYear, string CvcMac, string HolderName, bool Save);
    private sealed record CanonicalRequest(IReadOnlyList<CanonicalItem> Items, CanonicalCard? Card, Guid? SavedCardId);

    public string Of(PayRequest request)
    {
        var items = request.Items!
            .Select(i => new CanonicalItem(i.ProductId, i.Quantity))
            .OrderBy(i => i.ProductId).ThenBy(i => i.Quantity)
            .ToArray();
        var card = request.Card is { } c
            ? new CanonicalCard(Mac(c.Number.Replace(" ", "")), c.ExpiryMonth, c.ExpiryYear, Mac(c.Cvc), c.HolderName.Trim(), c.Save)
            : null;
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new CanonicalRequest(items, card, request.SavedCardId), JsonSerializerOptions.Web);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private string Mac(string secret) => Convert.ToHexStringLower(HMACSHA256.HashData(_cardKey, Encoding.UTF8.GetBytes(secret)));
}
