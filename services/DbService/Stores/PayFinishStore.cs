using EShop.DbService.Contracts;
using Npgsql;

namespace EShop.DbService.Stores;

public abstract record PaymentFinish
{
    public sealed record Done(FinishedPayment Payment) : PaymentFinish;
    public sealed record NotFound : PaymentFinish;
    /// <summary>Nothing changed. <c>Refusal</c>: "stale-holder" (the caller does not hold the key with the current fence
    /// for this payment), "status" (the payment has left pending for another status) or "transition".</summary>
    public sealed record Refused(PaymentStatus CurrentStatus, string Refusal) : PaymentFinish;
}

/// <summary>POST /pay/finish: the vendor's outcome and the key's end in one transaction, which locks the key's record
/// (first, as a release does) and the payment, and changes anything only for the key's current holder: pending → the
/// outcome along <see cref="PaymentStatusMachine"/> (a payment already in it stays as it is), then the answer stored with
/// the key (and the card saved, when asked), or the key released when nothing was charged.</summary>
public sealed class PayFinishStore(NpgsqlDataSource dataSource)
{
    public async Task<PaymentFinish> FinishAsync(FinishPayment request, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (holder, id, target) = (request.Holder, request.PaymentId, request.Status);
        if (await PaymentStore.LockAsync(connection, id, holder, ct) is not { } locked) return new PaymentFinish.NotFound();
        if (!locked.HeldByHolder) return new PaymentFinish.Refused(locked.Status, "stale-holder");
        if (locked.Status != target)
        {
            if (locked.Status != PaymentStatus.Pending) return new PaymentFinish.Refused(locked.Status, "status");
            if (!PaymentStatusMachine.Allows(locked.Status, target)) return new PaymentFinish.Refused(locked.Status, "transition");
            await PaymentStore.UpdateStatusAsync(connection, id, target, request.VendorReference, request.Reason, ct);
        }

        var userId = holder.UserId;
        // Validated: an answer comes exactly with a status that keeps the key (FinishPaymentRequest.ReleasesKey).
        if (request.Answer is { } answer)
        {
            if (request.SaveCard is { } card) await CardStore.InsertAsync(connection, card, ct);
            await IdempotencyStore.StoreAnswerAsync(connection, userId, holder.Key, answer, ct);
        }
        else
            await IdempotencyStore.DeleteAsync(connection, userId, holder.Key, ct);
        await transaction.CommitAsync(ct);
        return new PaymentFinish.Done(new FinishedPayment(id, target, request.SaveCard?.Id));
    }
}
