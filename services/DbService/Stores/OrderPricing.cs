using EShop.DbService.Contracts;

namespace EShop.DbService.Stores;

/// <summary>The amount of an order from the catalogue's current prices (never from the request), or the refusal by field
/// of the begin request (its <c>items</c> are POST /pay's, so the names are the client's too).</summary>
internal static class OrderPricing
{
    public sealed record PricedOrder(long AmountMinor, string Currency, IReadOnlyList<PaymentItem> Items);

    public static (PricedOrder? Order, Dictionary<string, string[]>? Refusal) Price(
        IReadOnlyList<OrderLine> items, IReadOnlyDictionary<long, (long PriceMinor, string Currency)> prices)
    {
        var missing = items.Select((item, index) => (item, index))
            .Where(x => !prices.ContainsKey(x.item.ProductId))
            .ToDictionary(x => $"items[{x.index}].productId", x => new[] { $"no product with id {x.item.ProductId}" });
        if (missing.Count > 0) return (null, missing);

        var currencies = items.Select(i => prices[i.ProductId].Currency).Distinct().ToArray();
        if (currencies.Length > 1)
            return (null, Items($"the products are priced in different currencies ({string.Join(", ", currencies)}); pay for each currency separately"));

        long amount;
        try
        {
            amount = items.Aggregate(0L, (sum, item) => checked(sum + prices[item.ProductId].PriceMinor * item.Quantity));
        }
        catch (OverflowException)
        {
            return (null, Items("the order total is too large"));
        }
        if (amount <= 0) return (null, Items("the order total is zero: nothing to charge"));

        var lines = items.Select(i => new PaymentItem(i.ProductId, i.Quantity, prices[i.ProductId].PriceMinor)).ToArray();
        return (new PricedOrder(amount, currencies[0], lines), null);
    }

    private static Dictionary<string, string[]> Items(string message) => new() { ["items"] = [message] };
}
