namespace Mandate.Server.Logging;

using Microsoft.Extensions.Logging;

/// <summary>
/// Drops the generic host's "Hosting failed to start" record (a multi-line stack trace). `mandate serve`
/// reports start-up failures itself, in one line that says what to do; every other record passes through.
/// </summary>
internal sealed class StartupFailureLogFilter(ILoggerProvider inner) : ILoggerProvider
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    // The event id Microsoft.Extensions.Hosting uses for "Hosting failed to start".
    private const int HostingFailedToStartEventId = 11;

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName == HostCategory ? new Filtered(logger) : logger;
    }

    public void Dispose() => inner.Dispose();

    private sealed class Filtered(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == HostingFailedToStartEventId)
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
