using System.Text.Json.Nodes;

namespace EShop.Payments.Tests.Support;

/// <summary>POST /pay bodies as a client writes them.</summary>
public static class PayBodies
{
    public static readonly int FutureYear = DateTime.UtcNow.Year + 3;

    public static JsonObject Card(string number, string? cvc = null, int expiryMonth = 12, int? expiryYear = null, bool save = false) => new()
    {
        ["number"] = number,
        ["expiryMonth"] = expiryMonth,
        ["expiryYear"] = expiryYear ?? FutureYear,
        ["cvc"] = cvc ?? TestCards.CvcFor(number),
        ["holderName"] = "Ada Lovelace",
        ["save"] = save,
    };

    public static JsonObject WithCard(JsonObject card, params (long ProductId, int Quantity)[] items) => new()
    {
        ["items"] = Items(items),
        ["card"] = card,
    };

    public static JsonObject WithSavedCard(Guid savedCardId, params (long ProductId, int Quantity)[] items) => new()
    {
        ["items"] = Items(items),
        ["savedCardId"] = savedCardId,
    };

    private static JsonArray Items((long ProductId, int Quantity)[] items) =>
        new(items.Select(i => (JsonNode)new JsonObject { ["productId"] = i.ProductId, ["quantity"] = i.Quantity }).ToArray());
}
