namespace Mandate.Core.Secrets;

using System.Collections.Concurrent;
using Mandate.Providers.Plugin;

/// <summary>
/// Provider processes print what they like on stderr — the AWS provider echoes request parameters, sensitive
/// ones included, even with its logs turned off. This log replaces every secret the pipeline has handed to a
/// provider (integration credentials, values the schema marks sensitive) with the redaction marker before the
/// line reaches <paramref name="inner"/>. Wrap the provider pool's log with it.
/// </summary>
public sealed class ScrubbingProviderLog(IProviderLog inner) : IProviderLog
{
    public void Write(ProviderLogLevel level, string source, string message) =>
        inner.Write(level, source, KnownSecrets.Scrub(message));
}

/// <summary>
/// The secrets handed to providers by this process, so provider output can be scrubbed of them. Process-wide
/// because a provider's output line carries no operation identity; bounded, oldest forgotten first.
/// </summary>
public static class KnownSecrets
{
    private const int Capacity = 4096;

    // Shorter texts would scrub ordinary words and hide nothing worth hiding.
    private const int MinimumLength = 4;

    private static readonly ConcurrentDictionary<string, long> Texts = new(StringComparer.Ordinal);
    private static long _sequence;

    /// <summary>Remembers <paramref name="secrets"/> for scrubbing.</summary>
    public static void Remember(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var secret in secrets)
        {
            if (secret.Length >= MinimumLength)
            {
                Texts[secret] = Interlocked.Increment(ref _sequence);
            }
        }

        if (Texts.Count > Capacity)
        {
            foreach (var oldest in Texts.OrderBy(kv => kv.Value).Take(Texts.Count - Capacity).Select(kv => kv.Key).ToList())
            {
                Texts.TryRemove(oldest, out _);
            }
        }
    }

    /// <summary><paramref name="text"/> with every remembered secret replaced by <see cref="Redaction.Marker"/>.</summary>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Texts.IsEmpty)
        {
            return text;
        }

        foreach (var secret in Texts.Keys.OrderByDescending(s => s.Length))
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Redaction.Marker, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
