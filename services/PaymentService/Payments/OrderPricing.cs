using EShop.DbServiceClient;
using EShop.DbServiceClient.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EShop.PaymentService.Payments;

public sealed record PricedOrder(long AmountMinor, string Currency, IReadOnlyList<NewPaymentItem> Items);

/// <summary>The amount to charge, from db-service's current prices: never from the request.</summary>
public sealed class OrderPricing(DbClient db)
{
    public async Task<(PricedOrder? Order, ProblemHttpResult? Problem)> PriceAsync(IReadOnlyList<PayItem> items, CancellationToken ct)
    {
        var products = (await db.GetProductsAsync(items.Select(i => i.ProductId).Distinct(), ct)).Required.Items.ToDictionary(p => p.Id);

        var missing = items.Select((item, index) => (item, index))
            .Where(x => !products.ContainsKey(x.item.ProductId))
            .ToDictionary(x => $"items[{x.index}].productId", x => new[] { $"no product with id {x.item.ProductId}" });
        if (missing.Count > 0) return (null, PaymentProblems.Fields(StatusCodes.Status422UnprocessableEntity, missing));

        var currencies = items.Select(i => products[i.ProductId].Currency).Distinct().ToArray();
        if (currencies.Length > 1)
            return (null, PaymentProblems.Field(StatusCodes.Status422UnprocessableEntity, "items",
                $"the products are priced in different currencies ({string.Join(", ", currencies)}); pay for each currency separately"));

        long amount;
        try
        {
            amount = items.Aggregate(0L, (sum, item) => checked(sum + products[item.ProductId].PriceMinor * item.Quantity));
        }
        catch (OverflowException)
        {
            return (null, PaymentProblems.Field(StatusCodes.Status422UnprocessableEntity, "items", "the order total is too large"));
        }
        if (amount <= 0)
            return (null, PaymentProblems.Field(StatusCodes.Status422UnprocessableEntity, "items", "the order total is zero: nothing to charge"));

        var lines = items.Select(i => new NewPaymentItem(i.ProductId, i.Quantity, products[i.ProductId].PriceMinor)).ToArray();
        return (new PricedOrder(amount, currencies[0], lines), null);
    }
}
