using System.Collections.Concurrent;
using Mandate.Providers.Plugin;

namespace Mandate.Providers.Tests.Support;

/// <summary>Keeps every log line so tests can assert what the runtime reported.</summary>
public sealed class RecordingLog : IProviderLog
{
    public ConcurrentQueue<(ProviderLogLevel Level, string Source, string Message)> Lines { get; } = new();

    public void Write(ProviderLogLevel level, string source, string message) => Lines.Enqueue((level, source, message));
}
