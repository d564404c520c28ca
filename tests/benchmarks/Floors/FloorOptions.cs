namespace EShop.Benchmarks.Floors;

public sealed class FloorOptions(Dictionary<string, string> values)
{
    public static FloorOptions Parse(IEnumerable<string> args)
    {
        var list = args.ToList();
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < list.Count; i += 2)
            values[list[i].TrimStart('-')] = list[i + 1];
        return new FloorOptions(values);
    }

    public string Text(string key) => values.TryGetValue(key, out var value) ? value : throw new ArgumentException($"--{key} is required");

    public string Text(string key, string fallback) => values.GetValueOrDefault(key, fallback);

    public int Number(string key, int fallback) => values.TryGetValue(key, out var value) ? int.Parse(value) : fallback;

    public TimeSpan Duration => TimeSpan.FromSeconds(Number("seconds", 10));

    public int Workers => Number("threads", Environment.ProcessorCount);
}
