using System.Globalization;
using System.Text;

namespace Mandate.Rego.Builtins.Go;

/// <summary>Go's <c>strconv.Quote</c>/<c>QuoteRune</c>/<c>CanBackquote</c>, used by sprintf's %q.</summary>
internal static class GoQuote
{
    public static string Quote(string s, bool asciiOnly = false)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (Rune r in s.EnumerateRunes())
        {
            AppendEscaped(sb, r.Value, '"', asciiOnly);
        }
        sb.Append('"');
        return sb.ToString();
    }

    public static string QuoteRune(int rune, bool asciiOnly = false)
    {
        var sb = new StringBuilder(8);
        sb.Append('\'');
        AppendEscaped(sb, rune, '\'', asciiOnly);
        sb.Append('\'');
        return sb.ToString();
    }

    /// <summary>True when the string fits in a Go raw string literal: no control characters but tab, no backquote.</summary>
    public static bool CanBackquote(string s)
    {
        foreach (Rune r in s.EnumerateRunes())
        {
            if (r.Value == '`' || r.Value == 0xFEFF || r.Value == 0xFFFD) return false;
            if (r.Value < ' ' && r.Value != '\t') return false;
            if (r.Value == 0x7F) return false;
        }
        return true;
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(int rune)
    {
        if (rune == ' ') return true;
        if (rune is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF)) return false;
        UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(rune);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }

    private static void AppendEscaped(StringBuilder sb, int r, char quote, bool asciiOnly)
    {
        if (r == quote || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }
        if (asciiOnly ? r < 0x80 && IsPrint(r) : IsPrint(r))
        {
            sb.Append(char.ConvertFromUtf32(r));
            return;
        }
        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (r < ' ' || r == 0x7F)
        {
            sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (r < 0x10000)
        {
            sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
        }
    }
}
