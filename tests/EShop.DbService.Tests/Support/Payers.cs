using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbServiceClient;

namespace EShop.DbService.Tests.Support;

/// <summary>A signed-in user (a live session under a fresh token hash) with a product of its own in the catalogue, and the
/// begin and finish requests payment-service sends for it.</summary>
public sealed record Payer(Guid UserId, string TokenHash, string Client, long ProductId, long PriceMinor);

public static class Payers
{
    public static readonly PayLimitSettings Unlimited = new(100_000, 100_000, 10_000, 10_000);

    public static readonly JsonElement ApprovedBody = JsonDocument.Parse("""{"paymentId":"p-1","status":"approved","amountMinor":2500}""").RootElement;

    public static async Task<Payer> CreateAsync(DbServiceFixture db, long priceMinor = 1250, string currency = "EUR")
    {
        var user = (await db.Client.CreateUserAsync(TestData.User())).Required;
        var tokenHash = TestData.TokenHash();
        _ = (await db.UserServiceClient.CreateSessionAsync(new CreateSessionRequest(user.Id, tokenHash, DateTimeOffset.UtcNow.AddHours(1), user.PasswordVersion))).Required;
        var product = (await db.Client.CreateProductAsync(TestData.Product() with { PriceMinor = priceMinor, Currency = currency })).Required;
        return new Payer(user.Id, tokenHash, $"client-{user.Id:N}", product.Id, priceMinor);
    }

    /// <summary>As payment-service, the only caller granted begin and finish.</summary>
    public static DbClient PaymentService(this DbServiceFixture db) => db.ClientAs("payment-service");

    public static string NewKey() => $"key-{Guid.NewGuid():N}";

    /// <summary>A begin for a new Visa card (fingerprint all 'a' unless given) buying <paramref name="quantity"/> of the payer's product.</summary>
    public static BeginPaymentRequest Begin(this Payer payer, string key, int quantity = 2, PayLimitSettings? limits = null, string? fingerprint = null) =>
        new(payer.TokenHash, payer.Client, key, "hash-of-the-body", Guid.NewGuid(), 30, limits ?? Unlimited,
            [new OrderItem(payer.ProductId, quantity)], Card: new NewCardMeans("Visa", "Visa", "4242", fingerprint ?? new string('a', 64)));

    public static FinishPaymentRequest Finish(this Payer payer, string key, BeginPaymentResult begun, PaymentStatus status = PaymentStatus.Approved,
        JsonElement? body = null, string vendorReference = "ch_1") =>
        new(new KeyHolder(payer.UserId, key, begun.Fence), begun.PaymentId, status, vendorReference,
            status == PaymentStatus.Declined ? "card_declined" : null,
            FinishPaymentRequest.ReleasesKey(status) ? null : new StoredResponse(status == PaymentStatus.Approved ? 201 : 402, body ?? ApprovedBody));
}
