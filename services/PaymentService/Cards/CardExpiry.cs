namespace EShop.PaymentService.Cards;

public static class CardExpiry
{
    /// <summary>A card is valid through the last day of its expiry month (UTC).</summary>
    public static bool HasExpired(int month, int year, DateTimeOffset now) =>
        year < now.UtcDateTime.Year || (year == now.UtcDateTime.Year && month < now.UtcDateTime.Month);
}
