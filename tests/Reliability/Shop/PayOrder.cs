using System.Collections.Concurrent;
using System.Text.Json;

namespace EShop.Reliability.Shop;

/// <summary>One payment a client wants made: its Idempotency-Key, body and token stay fixed across retries,
/// and every answer is kept so the suite can check that one key never became two payments.</summary>
public sealed class PayOrder(string key, string token, string body)
{
    private readonly List<(int Status, Guid? PaymentId)> _answers = [];

    public string Key { get; } = key;
    public string Token { get; } = token;
    public string Body { get; } = body;
    public TimeSpan? LastRetryAfter { get; private set; }

    public IReadOnlyList<(int Status, Guid? PaymentId)> Answers { get { lock (_answers) return [.. _answers]; } }

    /// <summary>201 or 402: the shop's last word on this order.</summary>
    public bool IsSettled => Answers.Any(a => a.Status is 201 or 402);

    public Guid? ApprovedPaymentId => Answers.FirstOrDefault(a => a.Status == 201).PaymentId;

    public IReadOnlySet<Guid> PaymentIds => Answers.Where(a => a.PaymentId is not null).Select(a => a.PaymentId!.Value).ToHashSet();

    public void Answered(int status, Guid? paymentId, TimeSpan? retryAfter)
    {
        lock (_answers) _answers.Add((status, paymentId));
        LastRetryAfter = retryAfter;
    }

    public static readonly (string Number, string Cvc)[] ApprovingCards =
        [("4242424242424242", "123"), ("5555555555554444", "123"), ("378282246310005", "1234")];

    public static PayOrder New(string token, IReadOnlyList<long> products, Random random)
    {
        var (number, cvc) = ApprovingCards[random.Next(ApprovingCards.Length)];
        var body = JsonSerializer.Serialize(new
        {
            items = new[] { new { productId = products[random.Next(products.Count)], quantity = random.Next(1, 4) } },
            card = new { number, expiryMonth = 12, expiryYear = DateTime.UtcNow.Year + 3, cvc, holderName = "Reliability Shopper" },
        });
        return new PayOrder($"rel-{Guid.NewGuid():N}", token, body);
    }
}

/// <summary>Every payment order of the whole run, for reconciliation against the database and the vendor.</summary>
public sealed class PaymentBook
{
    private readonly ConcurrentQueue<PayOrder> _orders = new();

    public void Add(PayOrder order) => _orders.Enqueue(order);

    public IReadOnlyList<PayOrder> Orders => [.. _orders];
}
