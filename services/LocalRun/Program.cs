using System.Runtime.InteropServices;
using EShop.DevEnvironment.Stack;
using EShop.LocalRun;

// The whole shop on this machine with one command; Ctrl-C stops everything and removes its data.
LocalStackOptions options;
try
{
    options = LocalRunArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}\n{LocalRunArguments.Usage}");
    return 64;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

LocalStack stack;
try
{
    stack = await LocalStack.StartAsync(options, step => Console.WriteLine($"… {step}"), stop.Token);
}
catch (LocalStackException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("stopped before the shop was up; everything started has been stopped");
    return 130;
}

await using (stack)
{
    var url = $"http://localhost:{options.GatewayPort}";
    Console.WriteLine($$"""

        EShop is running at {{url}}  (service logs: {{stack.WorkDir}})
          curl -s '{{url}}/api/v1/products?limit=3'
          curl -s -X POST {{url}}/api/v1/signup -H 'Content-Type: application/json' -d '{"email":"ann@example.com","password":"correct horse battery"}'
          curl -s -X POST {{url}}/api/v1/login  -H 'Content-Type: application/json' -d '{"email":"ann@example.com","password":"correct horse battery"}'
        Press Ctrl-C to stop.
        ESHOP_WORKDIR {{stack.WorkDir}}
        ESHOP_READY {{stack.GatewayUrl}}
        """);
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("stopping: services, gateway and the throwaway database");
    }
}
return 0;
