using System.Collections.Concurrent;
using System.Diagnostics;
using EShop.Reliability.Shop;

namespace EShop.Reliability.Load;

/// <summary>Closed-loop load: a fixed number of workers, each sending its next request when the last one
/// answered, until the time or the request budget is spent. Bounded by construction (workers, time, count,
/// and the client's per-request timeout) and only ever aimed at the loopback gateway.</summary>
public sealed class LoadGenerator(ShopClient shop, Shoppers shoppers, PaymentBook book)
{
    public sealed record Plan(LoadMix Mix, int Workers, TimeSpan Duration, int MaxRequests = 100_000);

    public sealed record Result(IReadOnlyList<RequestRecord> Records, TimeSpan Elapsed, IReadOnlyList<PayOrder> Orders)
    {
        public LoadStats Stats => LoadStats.Of(Records, Elapsed);
    }

    public async Task<Result> RunAsync(Plan plan)
    {
        var records = new ConcurrentQueue<RequestRecord>();
        var orders = new ConcurrentQueue<PayOrder>();
        var budget = plan.MaxRequests;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, plan.Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker * 7919 + Environment.TickCount);
            string? cursor = null;
            while (clock.Elapsed < plan.Duration && Interlocked.Decrement(ref budget) >= 0)
            {
                var account = shoppers.Accounts[random.Next(shoppers.Accounts.Count)];
                switch (plan.Mix.Pick(random))
                {
                    case Operation.Browse:
                        var (browse, next) = await shop.BrowseAsync(cursor);
                        cursor = random.Next(4) == 0 ? null : next;
                        records.Enqueue(browse);
                        break;
                    case Operation.Login:
                        records.Enqueue((await shop.LoginAsync(account.Email)).Record);
                        break;
                    case Operation.Pay:
                        var order = PayOrder.New(account.Token, shoppers.Products, random);
                        book.Add(order);
                        orders.Enqueue(order);
                        records.Enqueue(await shop.PayAsync(order));
                        break;
                    case Operation.Signup:
                        records.Enqueue(await shop.SignupAsync(ShopClient.NewEmail()));
                        break;
                }
            }
        })));
        return new Result([.. records.OrderBy(r => r.StartedAt)], clock.Elapsed, [.. orders]);
    }
}
