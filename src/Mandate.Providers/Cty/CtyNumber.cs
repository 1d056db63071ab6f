using System.Globalization;
using System.Numerics;

namespace Mandate.Providers.Cty;

/// <summary>
/// An exact decimal number: <c>Unscaled × 10^-Scale</c>, normalized so equal numbers have equal fields
/// (no trailing zeros after the point). cty numbers are arbitrary precision; providers send integers of any
/// size and float64s, and config may hold decimals such as 0.1 that no float64 holds exactly.
/// </summary>
public readonly struct CtyNumber : IEquatable<CtyNumber>, IComparable<CtyNumber>
{
    private CtyNumber(BigInteger unscaled, int scale)
    {
        while (scale > 0 && !unscaled.IsZero && unscaled % 10 == 0)
        {
            unscaled /= 10;
            scale--;
        }

        Unscaled = unscaled;
        Scale = unscaled.IsZero ? 0 : scale;
    }

    /// <summary>Digits of the number without the decimal point.</summary>
    public BigInteger Unscaled { get; }

    /// <summary>How many of <see cref="Unscaled"/>'s digits sit after the decimal point (never negative).</summary>
    public int Scale { get; }

    /// <summary>True when the number has no fractional part.</summary>
    public bool IsInteger => Scale == 0;

    /// <summary>Zero.</summary>
    public static CtyNumber Zero => default;

    /// <summary>An integer.</summary>
    public static CtyNumber FromInt64(long value) => new(value, 0);

    /// <summary>An integer of any size.</summary>
    public static CtyNumber FromBigInteger(BigInteger value) => new(value, 0);

    /// <summary>
    /// The shortest decimal that round-trips to <paramref name="value"/> (so a provider's float64 0.1 reads as
    /// 0.1, and writing it back yields the same float64). NaN and infinities are not numbers in cty.
    /// </summary>
    public static CtyNumber FromDouble(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "cty numbers must be finite.");
        return Parse(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Parses a decimal literal with optional sign, fraction and exponent (<c>-12.5e3</c>).</summary>
    public static CtyNumber Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"\"{text}\" is not a number: expected a decimal such as 42, -1.5 or 2e10.");

    /// <summary>Parses a decimal literal; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out CtyNumber number)
    {
        number = default;
        text = text.Trim();
        if (text.IsEmpty) return false;
        var exponent = 0;
        var e = text.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!int.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)) return false;
            text = text[..e];
        }

        var negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        var dot = text.IndexOf('.');
        var intPart = dot >= 0 ? text[..dot] : text;
        var fracPart = dot >= 0 ? text[(dot + 1)..] : [];
        if (intPart.IsEmpty && fracPart.IsEmpty) return false;
        foreach (var c in intPart) if (!char.IsAsciiDigit(c)) return false;
        foreach (var c in fracPart) if (!char.IsAsciiDigit(c)) return false;
        var digits = string.Concat(intPart, fracPart);
        var unscaled = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) unscaled = -unscaled;
        var scale = (long)fracPart.Length - exponent;
        if (scale < 0)
        {
            if (scale < -100_000) return false; // refuse absurd exponents rather than allocate a huge integer
            unscaled *= BigInteger.Pow(10, (int)-scale);
            scale = 0;
        }

        if (scale > 100_000) return false;
        number = new CtyNumber(unscaled, (int)scale);
        return true;
    }

    /// <summary>The value as a long when it is an integer in range.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (!IsInteger || Unscaled < long.MinValue || Unscaled > long.MaxValue) return false;
        value = (long)Unscaled;
        return true;
    }

    /// <summary>The nearest double.</summary>
    public double ToDouble() => double.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// The double this number came from, when it is the shortest round-trip form of a double; false for
    /// decimals with more precision than a float64 holds (those travel as strings so nothing is lost).
    /// </summary>
    public bool TryGetRoundTripDouble(out double value)
    {
        value = ToDouble();
        return double.IsFinite(value) && FromDouble(value).Equals(this);
    }

    /// <summary>Plain decimal text without exponent, as cty writes numbers in JSON (<c>0.000001</c>, <c>1e+30</c> spelled out).</summary>
    public override string ToString()
    {
        if (Scale == 0) return Unscaled.ToString(CultureInfo.InvariantCulture);
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(Scale + 1, '0');
        var sign = Unscaled.Sign < 0 ? "-" : "";
        return $"{sign}{digits[..^Scale]}.{digits[^Scale..]}";
    }

    /// <inheritdoc/>
    public bool Equals(CtyNumber other) => Scale == other.Scale && Unscaled.Equals(other.Unscaled);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CtyNumber n && Equals(n);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Unscaled, Scale);

    /// <inheritdoc/>
    public int CompareTo(CtyNumber other)
    {
        var scale = Math.Max(Scale, other.Scale);
        var a = Unscaled * BigInteger.Pow(10, scale - Scale);
        var b = other.Unscaled * BigInteger.Pow(10, scale - other.Scale);
        return a.CompareTo(b);
    }

    /// <summary>Exact equality.</summary>
    public static bool operator ==(CtyNumber left, CtyNumber right) => left.Equals(right);

    /// <summary>Exact inequality.</summary>
    public static bool operator !=(CtyNumber left, CtyNumber right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(CtyNumber left, CtyNumber right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(CtyNumber left, CtyNumber right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(CtyNumber left, CtyNumber right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(CtyNumber left, CtyNumber right) => left.CompareTo(right) >= 0;
}
