using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace EShop.ServiceDefaults.Configuration;

public static class StartupErrors
{
    /// <summary>Runs the service; a configuration error becomes one clear line on stderr and exit code 2,
    /// any other start-up failure one line and exit code 1, instead of a stack trace.</summary>
    public static async Task<int> RunServiceAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (SettingsFailures(ex) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
                await Console.Error.WriteLineAsync($"startup error: missing or invalid {failure}");
            return 2;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // e.g. migrations at start-up while the database is unreachable: one line, not a stack trace
            await Console.Error.WriteLineAsync($"startup error: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    // Several options classes failing together arrive as an AggregateException of validation exceptions.
    private static List<string> SettingsFailures(Exception ex) => ex switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures)],
        _ => [],
    };
}
