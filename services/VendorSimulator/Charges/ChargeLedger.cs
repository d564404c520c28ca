using System.Security.Cryptography;
using System.Text;
using EShop.VendorSimulator.Cards;

namespace EShop.VendorSimulator.Charges;

public abstract record ChargeOutcome
{
    /// <summary>Approved or declined, and recorded under the idempotency key.</summary>
    public sealed record Done(ChargeAnswer Answer, bool Replayed, bool AnswerSlowly) : ChargeOutcome;
    public sealed record KeyReusedWithDifferentRequest : ChargeOutcome;
    public sealed record UnknownToken : ChargeOutcome;
    /// <summary>The vendor did not process the request; nothing was charged or recorded.</summary>
    public sealed record NotProcessed : ChargeOutcome;
}

public enum VoidOutcome { Voided, NotFound, NotVoidable }

/// <summary>The simulated vendor's books, in memory (the simulator is a single local/test process):
/// charges by idempotency key, the charge log, and card tokens (which remember only last4 and the
/// test behaviour, never the number).</summary>
public sealed class ChargeLedger(TimeProvider clock)
{
    private sealed record KeyedCharge(string Fingerprint, ChargeAnswer Answer, bool AnswerSlowly);
    private sealed record TokenizedCard(string Vendor, string Last4, CardBehaviour Behaviour);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Vendor, string Key), KeyedCharge> _byKey = new();
    private readonly List<ChargeEntry> _log = [];
    private readonly Dictionary<string, TokenizedCard> _tokens = new();
    private readonly Dictionary<string, int> _attempts = new();

    public void CountAttempt(string vendor)
    {
        lock (_gate) _attempts[vendor] = _attempts.GetValueOrDefault(vendor) + 1;
    }

    public IReadOnlyDictionary<string, int> Attempts()
    {
        lock (_gate) return new Dictionary<string, int>(_attempts);
    }

    public IReadOnlyList<ChargeEntry> Charges()
    {
        lock (_gate) return _log.ToArray();
    }

    public ChargeOutcome Charge(string vendor, string idempotencyKey, ChargeRequest request)
    {
        var fingerprint = Fingerprint(request);
        lock (_gate)
        {
            if (_byKey.TryGetValue((vendor, idempotencyKey), out var earlier))
                return earlier.Fingerprint == fingerprint
                    ? new ChargeOutcome.Done(earlier.Answer, Replayed: true, earlier.AnswerSlowly)
                    : new ChargeOutcome.KeyReusedWithDifferentRequest();

            TokenizedCard card;
            if (request.CardToken is { } token)
            {
                if (!_tokens.TryGetValue(token, out var saved) || saved.Vendor != vendor) return new ChargeOutcome.UnknownToken();
                card = saved;
            }
            else card = new TokenizedCard(vendor, request.Card!.Last4, TestCards.BehaviourOf(request.Card.Number));

            if (card.Behaviour == CardBehaviour.Failure) return new ChargeOutcome.NotProcessed();

            var (status, reason) = card.Behaviour switch
            {
                CardBehaviour.Decline => (ChargeStatus.Declined, "card_declined"),
                CardBehaviour.InsufficientFunds => (ChargeStatus.Declined, "insufficient_funds"),
                _ => (ChargeStatus.Approved, (string?)null),
            };
            var chargeId = "ch_" + RandomLetters(24);
            string? newToken = null;
            if (status == ChargeStatus.Approved && request.Tokenize && request.Card is not null)
            {
                newToken = "tok_" + RandomLetters(24);
                _tokens[newToken] = card;
            }
            var answer = new ChargeAnswer(chargeId, status, reason, card.Last4, newToken);
            var answerSlowly = card.Behaviour == CardBehaviour.Slow;
            _byKey[(vendor, idempotencyKey)] = new KeyedCharge(fingerprint, answer, answerSlowly);
            _log.Add(new ChargeEntry(chargeId, vendor, idempotencyKey, request.AmountMinor, request.Currency, card.Last4,
                status, reason, clock.GetUtcNow(), VoidedAt: null));
            return new ChargeOutcome.Done(answer, Replayed: false, answerSlowly);
        }
    }

    /// <summary>The charge made under an idempotency key (its current status, voided included), or null.</summary>
    public ChargeEntry? FindByKey(string vendor, string idempotencyKey)
    {
        lock (_gate) return _log.FirstOrDefault(c => c.Vendor == vendor && c.IdempotencyKey == idempotencyKey);
    }

    /// <summary>Voids (refunds) an approved charge; voiding it again is the same success.</summary>
    public VoidOutcome Void(string vendor, string chargeId)
    {
        lock (_gate)
        {
            var index = _log.FindIndex(c => c.ChargeId == chargeId && c.Vendor == vendor);
            if (index < 0) return VoidOutcome.NotFound;
            var entry = _log[index];
            if (entry.Status == ChargeStatus.Voided) return VoidOutcome.Voided;
            if (entry.Status != ChargeStatus.Approved) return VoidOutcome.NotVoidable;
            _log[index] = entry with { Status = ChargeStatus.Voided, VoidedAt = clock.GetUtcNow() };
            return VoidOutcome.Voided;
        }
    }

    private static string Fingerprint(ChargeRequest request)
    {
        var card = request.Card;
        var canonical = $"{request.AmountMinor}|{request.Currency}|{card?.Number}|{card?.ExpiryMonth}|{card?.ExpiryYear}|{request.CardToken}|{request.Tokenize}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    // Letters only: ids and tokens must never look like card numbers (runs of digits).
    private static string RandomLetters(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", length);
}
