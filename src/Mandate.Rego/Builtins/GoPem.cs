namespace Mandate.Rego.Builtins;

/// <summary>One PEM block: its type ("CERTIFICATE", "PUBLIC KEY" …) and DER bytes.</summary>
internal sealed record PemBlock(string Type, byte[] Bytes);

/// <summary>
/// Go's <c>encoding/pem.Decode</c>: finds the next well-formed block and returns what follows its END line.
/// OPA's builtins decide on that remainder ("extra data after a PEM certificate block"), so the rules for
/// what counts as a block and as the rest follow Go rather than .NET's <c>PemEncoding</c>.
/// </summary>
internal static class GoPem
{
    private const string Begin = "-----BEGIN ";
    private const string End = "\n-----END ";
    private const string Dashes = "-----";

    public static PemBlock? Decode(string data, out string rest)
    {
        rest = data;
        var cursor = data;
        while (true)
        {
            if (cursor.StartsWith(Begin, StringComparison.Ordinal))
            {
                cursor = cursor[Begin.Length..];
            }
            else
            {
                var at = cursor.IndexOf("\n" + Begin, StringComparison.Ordinal);
                if (at < 0)
                {
                    return null;
                }
                cursor = cursor[(at + 1 + Begin.Length)..];
            }
            var (typeLine, afterType) = GetLine(cursor);
            cursor = afterType;
            if (!typeLine.EndsWith(Dashes, StringComparison.Ordinal))
            {
                continue;
            }
            var type = typeLine[..^Dashes.Length];
            var body = cursor;
            var hasHeaders = false;
            // Optional "Key: value" header lines before the base64 body.
            while (true)
            {
                if (body.Length == 0)
                {
                    return null;
                }
                var (line, next) = GetLine(body);
                if (!line.Contains(':', StringComparison.Ordinal))
                {
                    break;
                }
                hasHeaders = true;
                body = next;
            }
            int endIndex, trailerIndex;
            if (!hasHeaders && body.StartsWith(End[1..], StringComparison.Ordinal))
            {
                endIndex = 0;
                trailerIndex = End.Length - 1;
            }
            else
            {
                endIndex = body.IndexOf(End, StringComparison.Ordinal);
                trailerIndex = endIndex + End.Length;
            }
            if (endIndex < 0)
            {
                continue;
            }
            var trailer = body[trailerIndex..];
            var trailerLength = type.Length + Dashes.Length;
            if (trailer.Length < trailerLength || !trailer.StartsWith(type + Dashes, StringComparison.Ordinal)
                || GetLine(trailer[trailerLength..]).Line.Length != 0)
            {
                continue;
            }
            var base64 = new string(body[..endIndex].Where(c => c is not (' ' or '\t' or '\r' or '\n')).ToArray());
            var bytes = GoBase64.DecodeStd(base64, out _);
            if (bytes is null)
            {
                continue;
            }
            rest = GetLine(body[(endIndex + End.Length - 1)..]).After;
            return new PemBlock(type, bytes);
        }
    }

    /// <summary>All blocks in order, stopping at the first stretch that holds none.</summary>
    public static List<PemBlock> DecodeAll(string data)
    {
        var blocks = new List<PemBlock>();
        while (Decode(data, out var rest) is { } block)
        {
            blocks.Add(block);
            data = rest;
        }
        return blocks;
    }

    // Go's getLine: the line without its ending and trailing spaces/tabs, and what follows the newline.
    private static (string Line, string After) GetLine(string data)
    {
        var newline = data.IndexOf('\n', StringComparison.Ordinal);
        string line, rest;
        if (newline < 0)
        {
            line = data;
            rest = "";
        }
        else
        {
            line = data[..newline];
            rest = data[(newline + 1)..];
        }
        return (line.TrimEnd(' ', '\t', '\r'), rest);
    }
}
