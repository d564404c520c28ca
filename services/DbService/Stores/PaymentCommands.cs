using EShop.DbService.Contracts;

namespace EShop.DbService.Stores;

public sealed record CreatePayment(
    Guid Id, Guid UserId, long AmountMinor, string Currency, string Vendor, string Brand, string Last4, Guid? CardId,
    IReadOnlyList<PaymentItem> Items, string? IdempotencyKey, string? CardFingerprint);

public sealed record SetPaymentStatus(
    IReadOnlyList<PaymentStatus> ExpectedStatuses, PaymentStatus Status, string? VendorReference, string? Reason, Holder? Holder);

public sealed record OrderLine(long ProductId, int Quantity);

public sealed record PayLimits(int PerUserPerMinute, int PerClientPerMinute, int DeclinesPerHour, int CardsPerHour);

public sealed record SavedCard(Guid Id, IReadOnlyList<string> Vendors, int Year, int Month);

/// <summary>One POST /pay's start (see <see cref="BeginPaymentRequest"/>): exactly one of <c>Card</c>, <c>SavedCard</c> and <c>Answer</c>.</summary>
public sealed record BeginPayment(
    string TokenHash, string Client, string Key, string RequestHash, Guid PaymentId, int LeaseSeconds, PayLimits Limits,
    IReadOnlyList<OrderLine> Items, NewCardMeans? Card, SavedCard? SavedCard, Answer? Answer, bool Poll);

/// <summary>The vendor's outcome under the holder's fence (see <see cref="FinishPaymentRequest"/>).</summary>
public sealed record FinishPayment(
    Holder Holder, Guid PaymentId, PaymentStatus Status, string? VendorReference, string? Reason, Answer? Answer, CreateCard? SaveCard);

/// <summary>The requests' mapping, once validated (their required members are present).</summary>
public static class PaymentCommands
{
    public static CreatePayment ToCommand(this CreatePaymentRequest request) =>
        new(request.Id!.Value, request.UserId!.Value, request.AmountMinor!.Value, request.Currency, request.Vendor, request.Brand, request.Last4,
            request.CardId, request.Items.Select(i => new PaymentItem(i.ProductId!.Value, i.Quantity!.Value, i.UnitPriceMinor!.Value)).ToArray(),
            request.IdempotencyKey, request.CardFingerprint);

    public static SetPaymentStatus ToCommand(this SetPaymentStatusRequest request) =>
        new(request.ExpectedStatuses, request.Status!.Value, request.VendorReference, request.Reason, request.Holder?.ToCommand());

    public static BeginPayment ToCommand(this BeginPaymentRequest request)
    {
        var limits = request.Limits!;
        return new(request.TokenHash, request.Client, request.Key, request.RequestHash, request.PaymentId!.Value, request.LeaseSeconds!.Value,
            new(limits.PerUserPerMinute!.Value, limits.PerClientPerMinute!.Value, limits.DeclinesPerHour!.Value, limits.CardsPerHour!.Value),
            request.Items.Select(i => new OrderLine(i.ProductId!.Value, i.Quantity!.Value)).ToArray(), request.Card,
            request.SavedCard is { } saved ? new(saved.Id!.Value, saved.Vendors, saved.Year!.Value, saved.Month!.Value) : null,
            request.Answer?.ToCommand(), request.Poll);
    }

    public static FinishPayment ToCommand(this FinishPaymentRequest request)
    {
        var holder = request.Holder!.ToCommand();
        return new(holder, request.PaymentId!.Value, request.Status!.Value, request.VendorReference, request.Reason, request.Answer?.ToCommand(),
            request.SaveCard?.ToCommand(holder.UserId));
    }
}
