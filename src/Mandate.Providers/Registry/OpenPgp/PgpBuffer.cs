namespace Mandate.Providers.Registry.OpenPgp;

/// <summary>A bounds-checked cursor over a packet body; every read failure names the packet being parsed.</summary>
internal ref struct PgpBuffer(ReadOnlySpan<byte> data, string what)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private readonly string _what = what;

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public byte Byte() => Bytes(1)[0];

    public int UInt16() => (Byte() << 8) | Byte();

    public uint UInt32() => ((uint)UInt16() << 16) | (uint)UInt16();

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (count < 0 || count > Remaining)
            throw new PgpFormatException($"The {_what} is truncated: needs {count} bytes at offset {Position}, {Remaining} remain.");
        var slice = _data.Slice(Position, count);
        Position += count;
        return slice;
    }

    /// <summary>A multiprecision integer: a two-octet bit count, then the big-endian magnitude.</summary>
    public byte[] Mpi()
    {
        var bits = UInt16();
        var bytes = Bytes((bits + 7) / 8);
        // Keys and signatures in the wild occasionally carry leading zero octets; the value is what matters.
        var start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0)
            start++;
        return bytes[start..].ToArray();
    }
}
