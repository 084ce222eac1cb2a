using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RearPlayground.Tests.Web;

/// <summary>Keeps every log line the app writes (at the configured level), so tests can read what an operator would see.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(exception is null ? $"{logLevel} {category}: {formatter(state, exception)}"
                : $"{logLevel} {category}: {formatter(state, exception)} | {exception.GetType().Name}: {exception.Message}");
    }
}
