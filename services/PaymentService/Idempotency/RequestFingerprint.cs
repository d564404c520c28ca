using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EShop.PaymentService.Payments;
using Microsoft.Extensions.Options;

namespace EShop.PaymentService.Idempotency;

/// <summary>The request hash stored with an idempotency key: SHA-256 of a canonical form of the body. The CVC never
/// enters it; the card number enters it only through an HMAC keyed by payment-service's own secret
/// (<c>Payments__FingerprintKey</c>, shared by its replicas, known to no other service and never stored), so neither the
/// stored hash nor db-service's data can be brute-forced back to a card number.</summary>
public sealed class RequestFingerprint(IOptions<PaymentOptions> options)
{
    private readonly byte[] _requestKey = Derive(options.Value.FingerprintKey, "eshop-payments-request-fingerprint");
    private readonly byte[] _cardKey = Derive(options.Value.FingerprintKey, "eshop-payments-card-fingerprint");

    internal sealed record CanonicalItem(long ProductId, int Quantity);
    internal sealed record CanonicalCard(string NumberMac, int ExpiryMonth, int ExpiryYear, string HolderName, bool Save);
    internal sealed record CanonicalRequest(IReadOnlyList<CanonicalItem> Items, CanonicalCard? Card, Guid? SavedCardId);

    public string Of(PayRequest request)
    {
        var items = request.Items!
            .Select(i => new CanonicalItem(i.ProductId, i.Quantity))
            .OrderBy(i => i.ProductId).ThenBy(i => i.Quantity)
            .ToArray();
        var card = request.Card is { } c
            ? new CanonicalCard(Mac(_requestKey, Normalise(c.Number)), c.ExpiryMonth, c.ExpiryYear, c.HolderName.Trim(), c.Save)
            : null;
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new CanonicalRequest(items, card, request.SavedCardId), PaymentServiceJson.Default.CanonicalRequest);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>The card's keyed hash stored with a payment, by which the abuse limits count distinct cards per account.</summary>
    public string OfCard(string number) => Mac(_cardKey, Normalise(number));

    private static string Normalise(string number) => number.Replace(" ", "", StringComparison.Ordinal);

    private static byte[] Derive(string secret, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.UTF8.GetBytes(purpose));

    private static string Mac(byte[] key, string value) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
}
