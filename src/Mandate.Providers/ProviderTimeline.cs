using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Mandate.Providers;

/// <summary>
/// Stopwatch timestamps of one provider's cold path — certificate, exec, handshake, schema cache, every RPC —
/// so a slow start can be taken apart step by step (docs/providers.md has one). Opt-in: hand one to
/// <see cref="Plugin.ProviderLaunchOptions.Timeline"/>; without it nothing is recorded. Safe for concurrent use.
/// </summary>
public sealed class ProviderTimeline
{
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<ProviderTimelineStep> _steps = new();

    /// <summary>The steps recorded so far, in the order they ended.</summary>
    public IReadOnlyList<ProviderTimelineStep> Steps => [.. _steps];

    /// <summary>A timestamp to pass to <see cref="Record"/> when the step ends.</summary>
    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Records that <paramref name="step"/> ran from <paramref name="began"/> (from <see cref="Now"/>) until now.</summary>
    public void Record(string step, long began)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Enqueue(new ProviderTimelineStep(step, Stopwatch.GetElapsedTime(_origin, began), Stopwatch.GetElapsedTime(_origin)));
    }

    /// <summary>A markdown table: start and end of each step, in milliseconds since the timeline was made.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder("| step | start | end | took |\n|---|---|---|---|\n");
        foreach (var step in _steps)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {step.Name} | {step.Start.TotalMilliseconds:0.0} ms | {step.End.TotalMilliseconds:0.0} ms | {step.Duration.TotalMilliseconds:0.0} ms |\n");
        }

        return text.ToString();
    }
}

/// <summary>One step of a <see cref="ProviderTimeline"/>: when it started and ended, relative to the timeline's creation.</summary>
public sealed record ProviderTimelineStep(string Name, TimeSpan Start, TimeSpan End)
{
    public TimeSpan Duration => End - Start;
}
