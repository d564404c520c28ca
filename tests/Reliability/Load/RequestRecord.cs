namespace EShop.Reliability.Load;

/// <summary>One request's outcome. Status 0 means no HTTP answer at all (connection refused or reset, timeout).</summary>
public sealed record RequestRecord(Operation Operation, int Status, DateTime StartedAt, TimeSpan Latency, string? Error)
{
    /// <summary>What a client would call a failure of the shop: no answer or a 5xx.</summary>
    public bool IsServerFailure => Status == 0 || Status >= 500;
}
