using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EShop.TestSupport;

/// <summary>Keeps every log entry a host writes (message, structured values, scopes, exception) so
/// tests can scan them, e.g. for card numbers that must never be logged.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                foreach (var (key, value) in values) line.Append($" {key}={value}");
            owner._scopes.ForEachScope((scope, sb) => sb.Append($" scope={scope}"), line);
            if (exception is not null) line.Append(' ').Append(exception);
            owner._lines.Enqueue(line.ToString());
        }
    }
}
