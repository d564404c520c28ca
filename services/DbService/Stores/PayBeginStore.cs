using System.Data;
using System.Text.Json;
using EShop.DbService.Contracts;
using EShop.DbService.Database;
using Npgsql;

namespace EShop.DbService.Stores;

/// <summary>POST /pay/begin: the start of one POST /pay in one call. First one read resolves the session and finds a
/// completed answer under the key: a replay (or a mismatch) answers from it, counted against nothing, like a poll, since it
/// asks for no payment (its answer never changes, so the read takes no lock). Otherwise, unless the request polls, the
/// per-user and per-client counters, each statement committed by itself whatever follows (a refused request still counts,
/// and the counters' row locks, which every request of one client meets, last one statement instead of a transaction).
/// Then one transaction: the fenced claim of the key and, for a new claim, the abuse limits, the saved card, the prices
/// and the pending payment with its items. Any refusal rolls the transaction back, so nothing is claimed or recorded for
/// it.</summary>
public sealed class PayBeginStore(NpgsqlDataSource dataSource, SessionStore sessions, RateLimitStore rateLimits)
{
    private const int Minute = 60;
    private const int Hour = 3600;

    public async Task<BeginPaymentResult> BeginAsync(BeginPayment request, CancellationToken ct)
    {
        if (await SessionAndCompletedAsync(request, ct) is not { } resolved) return new(BeginOutcome.Unauthenticated);
        var (userId, completed) = resolved;
        if (completed is not null)
            return completed.RequestHash == request.RequestHash
                ? Replay(userId, completed.ResourceId, completed.Status, completed.Body)
                : new(BeginOutcome.Mismatch, userId);
        if (!request.Poll && await CountAsync(userId, request, ct) is { } limited) return limited;

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var claim = await IdempotencyStore.ClaimAsync(connection,
            new ClaimKey(userId, request.Key, request.RequestHash, request.PaymentId, request.LeaseSeconds), ct);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Mismatch:
                return new(BeginOutcome.Mismatch, userId);
            case ClaimOutcome.Completed:
                return Replay(userId, claim.ResourceId, claim.ResponseStatus, claim.ResponseBody);
            case ClaimOutcome.InProgress:
                return new(BeginOutcome.Busy, userId, claim.ResourceId);
        }

        // Claimed afresh (the proposed id: no payment can exist under it), or taken over from a holder whose lease ended:
        // that holder's payment is resumed, or made now if it never recorded one.
        var existing = claim.ResourceId == request.PaymentId ? null : await PaymentStore.FindAsync(connection, claim.ResourceId, ct);
        var result = existing is not null
            ? new BeginPaymentResult(BeginOutcome.Takeover, userId, existing.Id, claim.Fence, existing, await CardTokenAsync(connection, existing, ct))
            : await NewPaymentAsync(connection, userId, claim, request, ct);
        if (result.Outcome is BeginOutcome.New or BeginOutcome.Takeover or BeginOutcome.Stored) await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>A completed record, read without a lock: its answer and request hash never change while it lives.</summary>
    private sealed record CompletedRecord(string RequestHash, Guid ResourceId, int Status, JsonElement Body);

    /// <summary>The session's user and the key's completed record (null while none), in one statement; null when the token
    /// does not resolve.</summary>
    private async Task<(Guid UserId, CompletedRecord? Completed)?> SessionAndCompletedAsync(BeginPayment request, CancellationToken ct)
    {
        await using var command = sessions.Live(dataSource.CreateCommand($"""
            {SessionStore.LiveSessionSql}
            SELECT live.user_id, r.request_hash, r.resource_id, r.response_status, r.response_body::text AS response_body
            FROM live LEFT JOIN idempotency_records r
              ON r.user_id = live.user_id AND r.key = @key AND r.completed_at IS NOT NULL AND r.expires_at > now()
            """), request.TokenHash).With("key", request.Key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var completed = reader.IsDBNull("request_hash") ? null : new CompletedRecord(reader.GetString("request_hash"),
            reader.GetGuid("resource_id"), reader.GetInt32("response_status"), IdempotencyStore.ParseJson(reader.GetString("response_body")));
        return (reader.GetGuid("user_id"), completed);
    }

    private async Task<BeginPaymentResult?> CountAsync(Guid userId, BeginPayment request, CancellationToken ct)
    {
        var limits = request.Limits;
        var user = await rateLimits.HitAsync(new CountHit($"pay:user:{userId}", Minute, limits.PerUserPerMinute), ct);
        if (!user.Allowed) return Limited(userId, "user", user.RetryAfterSeconds);
        var client = await rateLimits.HitAsync(new CountHit($"pay:client:{request.Client}", Minute, limits.PerClientPerMinute), ct);
        return client.Allowed ? null : Limited(userId, "client", client.RetryAfterSeconds);
    }

    private static async Task<BeginPaymentResult> NewPaymentAsync(
        NpgsqlConnection connection, Guid userId, ClaimIdempotencyResult claim, BeginPayment request, CancellationToken ct)
    {
        if (request.Answer is { } answer)
        {
            await IdempotencyStore.StoreAnswerAsync(connection, userId, request.Key, answer, ct);
            return new(BeginOutcome.Stored, userId, claim.ResourceId);
        }

        var limits = request.Limits;
        var fingerprint = request.Card?.Fingerprint;
        var activity = await PaymentStore.ActivityAsync(connection, userId, Hour, fingerprint, ct);
        if (activity.Declines >= limits.DeclinesPerHour) return Limited(userId, "declines", Hour);
        if (fingerprint is not null && !activity.CardSeen && activity.DistinctCards >= limits.CardsPerHour) return Limited(userId, "cards", Hour);

        var (means, refusal) = (request.SavedCard, request.Card) switch
        {
            ({ } saved, _) => await SavedCardAsync(connection, userId, saved, ct),
            (_, { } card) => (new Means(card.Vendor, card.Brand, card.Last4, null, null), null),
            _ => throw new InvalidOperationException("A begin without an answer names a card or a saved card (validated)."),
        };
        if (means is null) return refusal!;

        var ids = request.Items.Select(i => i.ProductId).Distinct().ToArray();
        var (order, unpriced) = OrderPricing.Price(request.Items, await ProductStore.PricesAsync(connection, ids, ct));
        if (order is null) return new(BeginOutcome.Refused, userId, RefusalStatus: StatusCodes.Status422UnprocessableEntity, Errors: unpriced);

        var payment = await PaymentStore.InsertAsync(connection, new CreatePayment(claim.ResourceId, userId, order.AmountMinor, order.Currency,
            means.Vendor, means.Brand, means.Last4, means.CardId, order.Items, request.Key, fingerprint), ct);
        return new(BeginOutcome.New, userId, payment.Id, claim.Fence, payment, means.CardToken);
    }

    private sealed record Means(string Vendor, string Brand, string Last4, Guid? CardId, string? CardToken);

    /// <summary>The user's saved card, unexpired and of a vendor payment-service has; refusals name POST /pay's savedCardId.</summary>
    private static async Task<(Means?, BeginPaymentResult?)> SavedCardAsync(NpgsqlConnection connection, Guid userId, SavedCard saved, CancellationToken ct)
    {
        var card = await CardStore.FindAsync(connection, saved.Id, ct);
        // Someone else's card is answered exactly like a missing one.
        if (card is null || card.UserId != userId) return (null, Refused(userId, StatusCodes.Status404NotFound, "no saved card with this id"));
        if (card.ExpiryYear < saved.Year || (card.ExpiryYear == saved.Year && card.ExpiryMonth < saved.Month))
            return (null, Refused(userId, StatusCodes.Status422UnprocessableEntity, "the saved card has expired"));
        if (!saved.Vendors.Contains(card.Vendor, StringComparer.Ordinal))
            return (null, Refused(userId, StatusCodes.Status422UnprocessableEntity, $"the card's vendor {card.Vendor} is no longer available"));
        return (new Means(card.Vendor, card.Brand, card.Last4, card.Id, card.VendorToken), null);
    }

    /// <summary>The vendor token of a payment's saved card, for a takeover (null once the card was deleted).</summary>
    private static async Task<string?> CardTokenAsync(NpgsqlConnection connection, PaymentRecord payment, CancellationToken ct) =>
        payment.CardId is { } id && await CardStore.FindAsync(connection, id, ct) is { } card && card.UserId == payment.UserId ? card.VendorToken : null;

    private static BeginPaymentResult Replay(Guid userId, Guid paymentId, int? status, JsonElement? body) =>
        new(BeginOutcome.Replay, userId, paymentId, Response: new StoredResponse(status, body));

    private static BeginPaymentResult Limited(Guid userId, string limit, int retryAfterSeconds) =>
        new(BeginOutcome.Limited, userId, LimitedBy: limit, RetryAfterSeconds: retryAfterSeconds);

    private static BeginPaymentResult Refused(Guid userId, int status, string message) =>
        new(BeginOutcome.Refused, userId, RefusalStatus: status, Errors: new Dictionary<string, string[]> { ["savedCardId"] = [message] });
}
