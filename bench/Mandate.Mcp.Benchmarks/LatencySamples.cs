namespace Mandate.Mcp.Benchmarks;

using System.Diagnostics;
using System.Globalization;

/// <summary>
/// Per-call latencies of the measured iterations, for the percentiles BenchmarkDotNet does not give (its
/// statistics are over iterations, each of which is hundreds of concurrent calls).
/// </summary>
internal sealed class LatencySamples
{
    private readonly List<double[]> _iterations = [];
    private readonly Lock _gate = new();
    private List<double> _current = [];

    public void Record(long startTimestamp)
    {
        var milliseconds = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        lock (_gate)
        {
            _current.Add(milliseconds);
        }
    }

    /// <summary>Closes the iteration that just ran; its samples join those kept for the report.</summary>
    public void EndIteration()
    {
        lock (_gate)
        {
            _iterations.Add([.. _current]);
            _current = [];
        }
    }

    /// <summary>p50/p99/max over the last <paramref name="iterations"/> iterations (the measured ones; warm-up comes first).</summary>
    public string Describe(int iterations)
    {
        var samples = _iterations.TakeLast(iterations).SelectMany(i => i).Order().ToArray();
        if (samples.Length == 0)
        {
            return "no samples";
        }

        double At(double quantile) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(quantile * samples.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{samples.Length} calls: p50 {At(0.50):0.00} ms, p99 {At(0.99):0.00} ms, max {samples[^1]:0.00} ms");
    }
}
