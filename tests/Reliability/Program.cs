using System.Diagnostics;
using EShop.Reliability;
using EShop.Reliability.Report;
using EShop.Reliability.Scenarios;
using EShop.Reliability.Shop;
using EShop.Reliability.Stack;

// The fault and load suite: the real local stack, load through its gateway, faults injected, invariants judged.
SuiteOptions options;
try
{
    options = SuiteOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}\n{SuiteOptions.Usage}");
    return 64;
}

var clock = Stopwatch.StartNew();
var machine = MachineDescription.Now();
var loadBefore = MachineDescription.LoadAverage();
void Say(string line) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");

using var startTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
LocalStack stack;
try
{
    stack = await LocalStack.StartAsync(options.Stack(), step => Say(step), startTimeout.Token);
}
catch (Exception ex) when (ex is LocalStackException or OperationCanceledException)
{
    Console.Error.WriteLine($"error: the local stack did not start: {ex.Message}");
    return 1;
}

var results = new List<ScenarioResult>();
await using (stack)
{
    using var http = ShopClient.CreateHttp(stack.GatewayUrl, options.Workers + 16);
    var shop = new ShopClient(http);
    var context = new SuiteContext(stack, shop, await Shoppers.CreateAsync(shop, count: 8), new PaymentBook(), options.Workers);
    IScenario[] scenarios =
    [
        new SteadyLoadScenario(TimeSpan.FromSeconds(options.SteadySeconds)),
        new PostgresRestartScenario(duration: TimeSpan.FromSeconds(35), outage: TimeSpan.FromSeconds(10)),
        new ReplicaKillScenario(duration: TimeSpan.FromSeconds(25)),
        new VendorFaultScenario(faultLength: TimeSpan.FromSeconds(15), recoveryWindow: TimeSpan.FromSeconds(15), slowMilliseconds: 5_000),
        new GracefulShutdownScenario(duration: TimeSpan.FromSeconds(20)),
        new SlowHolderTakeoverScenario(duration: TimeSpan.FromSeconds(30), settleWindow: TimeSpan.FromSeconds(60), slowMilliseconds: 5_000),
        new HostileInputScenario(http),
    ];
    foreach (var scenario in scenarios.Where(s => options.Only is null || s.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))
    {
        Say($"scenario: {scenario.Name}");
        ScenarioResult result;
        try
        {
            result = await scenario.RunAsync(context);
        }
        catch (Exception ex)
        {
            result = ScenarioResult.Crashed(scenario.Name, ex);
        }
        results.Add(result);
        Say($"  {(result.Passed ? "PASS" : "FAIL")}");
    }
    Say("stopping the stack");
}

Console.WriteLine();
Console.WriteLine(ResultTable.Render(results,
    $"machine: {machine}; load average {loadBefore} before the suite, {MachineDescription.LoadAverage()} after (other work shares these cores); " +
    $"{options.Workers} concurrent clients, 2 replicas per service on the app host, Release build; suite took {clock.Elapsed.TotalMinutes:0.0} min"));
var failed = results.Count(r => !r.Passed);
Console.WriteLine(failed == 0 ? "all invariants held" : $"{failed} scenario(s) failed their invariants");
return failed == 0 ? 0 : 1;
