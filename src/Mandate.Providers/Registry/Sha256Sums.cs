using System.Text;

namespace Mandate.Providers.Registry;

/// <summary>
/// A <c>SHA256SUMS</c> document as released with providers: one line per file, <c>hex  filename</c>
/// (sha256sum's format; a <c>*</c> before the name marks binary mode and is ignored).
/// </summary>
internal static class Sha256Sums
{
    /// <summary>The hex hash listed for <paramref name="filename"/>, lower case, or null when it is not listed.</summary>
    public static string? Find(ReadOnlySpan<byte> document, string filename)
    {
        foreach (var rawLine in Encoding.UTF8.GetString(document).Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space != 64)
                continue;
            var name = line[(space + 1)..].TrimStart(' ');
            if (name.StartsWith('*'))
                name = name[1..];
            if (name == filename)
                return line[..64].ToLowerInvariant();
        }
        return null;
    }
}
