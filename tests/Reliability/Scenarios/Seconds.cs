using System.Globalization;

namespace EShop.Reliability.Scenarios;

public static class Seconds
{
    public static string Of(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "not within the timeout";
}
