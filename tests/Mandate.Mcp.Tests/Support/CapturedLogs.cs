namespace Mandate.Mcp.Tests.Support;

using System.Collections.Concurrent;
using Mandate.Providers.Plugin;
using Microsoft.Extensions.Logging;

/// <summary>
/// Every log line of a host, at every level down to trace: the web host's loggers (ASP.NET Core, the MCP SDK, Mandate's
/// own) and the provider processes' output. For tests that must find no secret in any log.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider, IProviderLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Text => string.Join('\n', _lines);

    /// <summary>Adds this capture to a host's logging, below every level filter the host set for its console.</summary>
    public void AddTo(ILoggingBuilder logging)
    {
        logging.AddProvider(this);
        logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Write(ProviderLogLevel level, string source, string message) => _lines.Enqueue($"provider {level} {source} {message}");

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category} {formatter(state, exception)} {exception}");
    }
}
