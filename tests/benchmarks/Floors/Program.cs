using EShop.Benchmarks.Floors;

// dotnet EShop.Benchmarks.Floors.dll <hasher|pay|replay> [--key value]...: prints one line "rate p50_ms p99_ms".
var options = FloorOptions.Parse(args.Skip(1));
FloorResult result = args.FirstOrDefault() switch
{
    "hasher" => HasherFloor.Run(options),
    "pay" => await PayFloor.RunAsync(options),
    "replay" => await ReplayFloor.RunAsync(options),
    _ => throw new ArgumentException("usage: <hasher|pay|replay> [--threads N] [--seconds S] [--connection CS] [--simulator URL] [--api-key K] ..."),
};
Console.WriteLine(result);
