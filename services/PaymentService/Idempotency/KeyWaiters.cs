using System.Collections.Concurrent;

namespace EShop.PaymentService.Idempotency;

/// <summary>Counts the requests of this replica waiting on one (caller, key), the caller being the bearer token's hash, so
/// a flood of duplicates cannot pile up waiting requests; each replica caps its own (a waiter holds only a poll loop, and
/// a replica's own count is exact).</summary>
public sealed class KeyWaiters
{
    private readonly ConcurrentDictionary<(string, string), int> _waiting = new();

    /// <summary>A slot to wait in, or null when <paramref name="cap"/> requests already wait on the key.</summary>
    public IDisposable? TryEnter(string caller, string key, int cap)
    {
        var id = (caller, key);
        var now = _waiting.AddOrUpdate(id, 1, (_, n) => n + 1);
        var slot = new Slot(this, id);
        if (now <= cap) return slot;
        slot.Dispose();
        return null;
    }

    private void Leave((string, string) id)
    {
        while (true)
        {
            var n = _waiting[id];
            if (n == 1 ? _waiting.TryRemove(new KeyValuePair<(string, string), int>(id, 1)) : _waiting.TryUpdate(id, n - 1, n)) return;
        }
    }

    private sealed class Slot(KeyWaiters owner, (string, string) id) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Leave(id);
        }
    }
}
