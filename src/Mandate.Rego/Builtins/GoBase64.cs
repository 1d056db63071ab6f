using System.Globalization;

namespace Mandate.Rego.Builtins;

/// <summary>
/// Base64 decoding with Go's <c>encoding/base64</c> rules and error texts ("illegal base64 data at input
/// byte N"), which OPA's JWT and x509 builtins pass through and the compliance cases compare.
/// <see cref="Convert.FromBase64String(string)"/> reports no position, so the decoder is written out here.
/// </summary>
internal static class GoBase64
{
    private const string StdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>
    /// OPA's base64url decoding for JWTs: unpadded input is padded first (RFC 7515 appendix C), then decoded
    /// with Go's padded URL encoding. Returns null and sets <paramref name="error"/> on failure.
    /// </summary>
    public static byte[]? DecodeUrlLenient(string text, out string error)
    {
        if (!text.EndsWith('='))
        {
            switch (text.Length % 4)
            {
                case 2: text += "=="; break;
                case 3: text += "="; break;
                case 1:
                    error = "illegal base64url string: " + text;
                    return null;
            }
        }
        return Decode(text, UrlAlphabet, padded: true, out error);
    }

    /// <summary>Go's <c>base64.StdEncoding.DecodeString</c>.</summary>
    public static byte[]? DecodeStd(string text, out string error) => Decode(text, StdAlphabet, padded: true, out error);

    /// <summary>Go's <c>base64.RawURLEncoding.EncodeToString</c>.</summary>
    public static string EncodeRawUrl(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? Decode(string text, string alphabet, bool padded, out string error)
    {
        error = "";
        var output = new List<byte>(text.Length * 3 / 4);
        Span<int> quantum = stackalloc int[4];
        var si = 0;
        while (true)
        {
            var j = 0;
            var done = false;
            for (; j < 4; j++)
            {
                if (si == text.Length)
                {
                    if (j == 0)
                    {
                        return [.. output];
                    }
                    if (j == 1 || padded)
                    {
                        return Fail(si - j, out error);
                    }
                    done = true;
                    break;
                }
                var ch = text[si++];
                var value = ch < 128 ? alphabet.IndexOf(ch, StringComparison.Ordinal) : -1;
                if (value >= 0)
                {
                    quantum[j] = value;
                    continue;
                }
                if (ch is '\n' or '\r')
                {
                    j--;
                    continue;
                }
                if (ch != '=')
                {
                    return Fail(si - 1, out error);
                }
                // Padding: only in the third or fourth position, and nothing but newlines may follow it.
                switch (j)
                {
                    case 0:
                    case 1:
                        return Fail(si - 1, out error);
                    case 2:
                        while (si < text.Length && text[si] is '\n' or '\r') si++;
                        if (si == text.Length)
                        {
                            return Fail(text.Length, out error);
                        }
                        if (text[si] != '=')
                        {
                            return Fail(si - 1, out error);
                        }
                        si++;
                        break;
                }
                while (si < text.Length && text[si] is '\n' or '\r') si++;
                if (si < text.Length)
                {
                    return Fail(si, out error);
                }
                done = true;
                break;
            }
            var bits = (quantum[0] << 18) | (j > 1 ? quantum[1] << 12 : 0) | (j > 2 ? quantum[2] << 6 : 0) | (j > 3 ? quantum[3] : 0);
            if (j >= 2) output.Add((byte)(bits >> 16));
            if (j >= 3) output.Add((byte)(bits >> 8));
            if (j >= 4) output.Add((byte)bits);
            if (done)
            {
                return [.. output];
            }
        }
    }

    private static byte[]? Fail(int position, out string error)
    {
        error = "illegal base64 data at input byte " + position.ToString(CultureInfo.InvariantCulture);
        return null;
    }
}
