using EShop.DbService.Contracts;

namespace EShop.DbService.Tests.Support;

/// <summary>A pending payment claimed under an idempotency key, as payment-service makes one, with its holder's fence.</summary>
public sealed record HeldPayment(PaymentRecord Payment, ClaimIdempotencyRequest Claim, KeyHolder Holder);

public static class HeldPayments
{
    public static async Task<HeldPayment> CreateAsync(DbServiceFixture db, int leaseSeconds = 30)
    {
        var user = (await db.Client.CreateUserAsync(TestData.User())).Required;
        var claim = new ClaimIdempotencyRequest(user.Id, $"key-{Guid.NewGuid():N}", "sha256-of-the-body", Guid.NewGuid(), leaseSeconds);
        var claimed = (await db.Client.ClaimIdempotencyKeyAsync(claim)).Required;
        var payment = (await db.Client.CreatePaymentAsync(TestData.Payment(user.Id, claim.ResourceId) with { IdempotencyKey = claim.Key })).Required;
        return new HeldPayment(payment, claim, new KeyHolder(user.Id, claim.Key, claimed.Fence));
    }
}
