using EShop.DbService.Contracts;

namespace EShop.DbService.Stores;

public sealed record CreateProduct(string Sku, string Name, string Description, long PriceMinor, string Currency, int Stock);

/// <summary>A card the user keeps; <c>Id</c> is the caller's choice when saved with a payment, otherwise the database's.</summary>
public sealed record CreateCard(
    Guid? Id, Guid UserId, string Vendor, string VendorToken, string Brand, string Last4, short ExpiryMonth, short ExpiryYear, string? HolderName);

/// <summary>One hit on a shared fixed-window counter.</summary>
public sealed record CountHit(string Bucket, int WindowSeconds, int Limit);

/// <summary>The requests' mapping, once validated (their required members are present).</summary>
public static class CatalogueCommands
{
    public static CreateProduct ToCommand(this CreateProductRequest request) =>
        new(request.Sku, request.Name, request.Description, request.PriceMinor!.Value, request.Currency, request.Stock!.Value);

    public static CreateCard ToCommand(this CreateCardRequest request) =>
        new(null, request.UserId!.Value, request.Vendor, request.VendorToken, request.Brand, request.Last4,
            (short)request.ExpiryMonth!.Value, (short)request.ExpiryYear!.Value, request.HolderName);

    /// <summary>The card of an approved payment, for <paramref name="userId"/>, under the id the caller chose.</summary>
    public static CreateCard ToCommand(this CardToSave card, Guid userId) =>
        new(card.Id!.Value, userId, card.Vendor, card.VendorToken, card.Brand, card.Last4,
            (short)card.ExpiryMonth!.Value, (short)card.ExpiryYear!.Value, card.HolderName);

    public static CountHit ToCommand(this RateLimitHit hit) => new(hit.Bucket, hit.WindowSeconds!.Value, hit.Limit!.Value);
}
