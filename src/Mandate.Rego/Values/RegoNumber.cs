using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Mandate.Rego.Values;

/// <summary>
/// A number with OPA's precision rules: integers are exact at any size (a 64-bit fast path, else
/// <see cref="BigInteger"/>); fractions are exact decimals (28 significant digits), and only values outside
/// the decimal range fall back to binary doubles. Invariant kept by every factory: an integral value is
/// never stored as a decimal or double, and a fraction is a decimal whenever it fits one — so equal values
/// always share a representation and structural equality and hashing stay consistent.
/// </summary>
public sealed partial class RegoNumber : RegoValue
{
    internal enum Rep : byte
    {
        Int64,
        BigInt,
        Decimal,
        Double,
    }

    private const int SmallIntMin = -128;
    private const int SmallIntMax = 1024;
    private static readonly RegoNumber[] SmallInts = CreateSmallInts();

    private readonly long _long;
    private readonly BigInteger _big;
    private readonly decimal _decimal;
    private readonly double _double;

    private RegoNumber(long value)
    {
        Representation = Rep.Int64;
        _long = value;
    }

    private RegoNumber(BigInteger value)
    {
        Representation = Rep.BigInt;
        _big = value;
    }

    private RegoNumber(decimal value)
    {
        Representation = Rep.Decimal;
        _decimal = value;
    }

    private RegoNumber(double value)
    {
        Representation = Rep.Double;
        _double = value;
    }

    internal Rep Representation { get; }

    public override ValueKind Kind => ValueKind.Number;

    public static RegoNumber Zero => SmallInts[-SmallIntMin];

    public static RegoNumber One => SmallInts[1 - SmallIntMin];

    /// <summary>True when the value is a whole number (whatever its size).</summary>
    public bool IsInteger => Representation is Rep.Int64 or Rep.BigInt;

    private static RegoNumber[] CreateSmallInts()
    {
        var table = new RegoNumber[SmallIntMax - SmallIntMin + 1];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = new RegoNumber((long)(i + SmallIntMin));
        }

        return table;
    }

    public static RegoNumber From(long value) =>
        value is >= SmallIntMin and <= SmallIntMax ? SmallInts[value - SmallIntMin] : new RegoNumber(value);

    public static RegoNumber From(int value) => From((long)value);

    public static RegoNumber From(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? From((long)value) : new RegoNumber(value);

    public static RegoNumber From(decimal value)
    {
        if (decimal.Truncate(value) == value)
        {
            return value >= long.MinValue && value <= long.MaxValue
                ? From((long)value)
                : new RegoNumber(new BigInteger(value));
        }

        return new RegoNumber(value);
    }

    /// <summary>A double; NaN and infinities have no Rego representation and are rejected.</summary>
    public static RegoNumber From(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Rego numbers are finite; got " + value.ToString(CultureInfo.InvariantCulture));
        }

        if (Math.Floor(value) == value)
        {
            return value is >= -9.2e18 and <= 9.2e18 ? From((long)value) : From(new BigInteger(value));
        }

        if (Math.Abs(value) is >= 1e-20 and <= 7.9e27)
        {
            try
            {
                return new RegoNumber((decimal)value);
            }
            catch (OverflowException)
            {
                // Fall through to the double representation.
            }
        }

        return new RegoNumber(value);
    }

    public bool TryGetInt64(out long value)
    {
        value = _long;
        return Representation == Rep.Int64;
    }

    /// <summary>The value as an <see cref="int"/> when it is a whole number in range.</summary>
    public bool TryGetInt32(out int value)
    {
        if (Representation == Rep.Int64 && _long is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)_long;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryGetBigInteger(out BigInteger value)
    {
        switch (Representation)
        {
            case Rep.Int64:
                value = _long;
                return true;
            case Rep.BigInt:
                value = _big;
                return true;
            default:
                value = default;
                return false;
        }
    }

    /// <summary>The value as a decimal when it fits one exactly enough (integers within ±7.9e28, all decimals).</summary>
    public bool TryGetDecimal(out decimal value)
    {
        switch (Representation)
        {
            case Rep.Int64:
                value = _long;
                return true;
            case Rep.Decimal:
                value = _decimal;
                return true;
            case Rep.BigInt when BigInteger.Abs(_big) < new BigInteger(decimal.MaxValue):
                value = (decimal)_big;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    public double ToDouble() => Representation switch
    {
        Rep.Int64 => _long,
        Rep.BigInt => (double)_big,
        Rep.Decimal => (double)_decimal,
        _ => _double,
    };

    public int Sign => Representation switch
    {
        Rep.Int64 => Math.Sign(_long),
        Rep.BigInt => _big.Sign,
        Rep.Decimal => Math.Sign(_decimal),
        _ => Math.Sign(_double),
    };

    private protected override int CompareSameKind(RegoValue other) => CompareNumbers(this, (RegoNumber)other);

    internal static int CompareNumbers(RegoNumber a, RegoNumber b)
    {
        if (a.Representation == Rep.Int64 && b.Representation == Rep.Int64)
        {
            return a._long.CompareTo(b._long);
        }

        if (a.TryGetBigInteger(out var ai) && b.TryGetBigInteger(out var bi))
        {
            return ai.CompareTo(bi);
        }

        if (a.TryGetDecimal(out var ad) && b.TryGetDecimal(out var bd))
        {
            return ad.CompareTo(bd);
        }

        return a.ToDouble().CompareTo(b.ToDouble());
    }

    public override bool Equals([NotNullWhen(true)] RegoValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not RegoNumber n || n.Representation != Representation)
        {
            // The representation invariant makes values of different representations unequal.
            return false;
        }

        return Representation switch
        {
            Rep.Int64 => _long == n._long,
            Rep.BigInt => _big == n._big,
            Rep.Decimal => _decimal == n._decimal,
            _ => _double.Equals(n._double),
        };
    }

    public override int GetHashCode() => Representation switch
    {
        Rep.Int64 => _long.GetHashCode(),
        Rep.BigInt => _big.GetHashCode(),
        Rep.Decimal => _decimal.GetHashCode(),
        _ => _double.GetHashCode(),
    };

    /// <summary>The number as JSON text: integers in full, fractions without trailing zeros.</summary>
    public string ToJsonText() => Representation switch
    {
        Rep.Int64 => _long.ToString(CultureInfo.InvariantCulture),
        Rep.BigInt => _big.ToString(CultureInfo.InvariantCulture),
        Rep.Decimal => FormatDecimal(_decimal),
        _ => _double.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal),
    };

    private static string FormatDecimal(decimal d)
    {
        // "G29" drops trailing zeros but may switch to exponent form; "0.#…" keeps plain positional text
        // like Go's strconv for the magnitudes a decimal can hold.
        var s = d.ToString("0.############################", CultureInfo.InvariantCulture);
        return s;
    }
}
