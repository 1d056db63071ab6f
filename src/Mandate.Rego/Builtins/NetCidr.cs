using System.Globalization;

namespace Mandate.Rego.Builtins;

/// <summary>
/// A CIDR block as Go's <c>net.ParseCIDR</c> yields it: the address masked to the prefix, and for IPv4 (or an
/// IPv4-mapped block of /96 or longer) a 32-bit block. The merge logic lives here too; the builtins in
/// <c>NetBuiltins</c> only convert operands.
/// </summary>
internal readonly record struct NetCidr(NetAddress Network, int Prefix)
{
    public UInt128 First => Network.Bits;

    public UInt128 Last => Network.Bits | HostMask(Network.BitLength, Prefix);

    /// <summary>Number of addresses in the block, saturating at <see cref="UInt128.MaxValue"/> for ::/0.</summary>
    public UInt128 Size => Prefix == 0 && !Network.IsV4 ? UInt128.MaxValue : HostMask(Network.BitLength, Prefix) + 1;

    /// <summary>Go's <c>net.ParseCIDR</c>; on failure the error is Go's "invalid CIDR address: …".</summary>
    public static bool TryParse(string text, out NetCidr cidr, out string error)
    {
        cidr = default;
        error = "invalid CIDR address: " + text;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !NetAddress.TryParseWithSyntax(text[..slash], out var address, out var v4Syntax))
        {
            return false;
        }
        var maskText = text.AsSpan(slash + 1);
        var bitLength = v4Syntax ? 32 : 128;
        // Go's dtoi: decimal digits only (leading zeros allowed), and the value within the address width.
        if (maskText.Length == 0 || maskText.Length > 7)
        {
            return false;
        }
        foreach (var ch in maskText)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }
        }
        var prefix = int.Parse(maskText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (prefix > bitLength)
        {
            return false;
        }
        if (v4Syntax)
        {
            cidr = new NetCidr(new NetAddress(address.Bits & ~HostMask(32, prefix) & 0xFFFF_FFFF, true), prefix);
            return true;
        }
        var v6Bits = address.IsV4 ? address.Bits | ((UInt128)0xFFFF << 32) : address.Bits;
        var masked = v6Bits & ~HostMask(128, prefix);
        // A masked IPv4-mapped block is an IPv4 block for Go (IP.To4 and the last four mask bytes).
        cidr = prefix >= 96 && (masked >> 32) == 0xFFFF
            ? new NetCidr(new NetAddress(masked & 0xFFFF_FFFF, true), prefix - 96)
            : new NetCidr(new NetAddress(masked, false), prefix);
        return true;
    }

    public bool Contains(NetAddress address) =>
        address.IsV4 == Network.IsV4 && (address.Bits & ~HostMask(Network.BitLength, Prefix)) == Network.Bits;

    /// <summary>Go's <c>IPNet.String</c>.</summary>
    public override string ToString() => Network + "/" + Prefix.ToString(CultureInfo.InvariantCulture);

    /// <summary>Bits that vary inside a block of the given prefix.</summary>
    public static UInt128 HostMask(int bitLength, int prefix)
    {
        var hostBits = bitLength - prefix;
        return hostBits >= 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
    }

    /// <summary>
    /// net.cidr_merge: merges overlapping and adjacent blocks and returns the smallest set of blocks covering the
    /// same addresses. A block that merged with nothing is returned as given (Go keeps the original network,
    /// which matters for a bare address given a classful mask).
    /// </summary>
    public static List<string> Merge(IReadOnlyList<(NetCidr Cidr, string Text)> blocks)
    {
        // Interval union per address family, sorted by first address.
        var ranges = blocks
            .Select(b => new MergeRange(b.Cidr.Network.IsV4, b.Cidr.First, b.Cidr.Last, b.Text))
            .OrderBy(r => r.IsV4 ? 0 : 1).ThenBy(r => r.First).ThenByDescending(r => r.Last)
            .ToList();
        var merged = new List<MergeRange>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0)
            {
                var previous = merged[^1];
                // Overlapping or adjacent (first - 1 <= previous last) blocks of one family become one range.
                if (previous.IsV4 == range.IsV4 && (range.First == 0 || range.First - 1 <= previous.Last))
                {
                    merged[^1] = new MergeRange(range.IsV4, previous.First, UInt128.Max(previous.Last, range.Last), null);
                    continue;
                }
            }
            merged.Add(range);
        }
        var result = new List<string>();
        foreach (var range in merged)
        {
            if (range.Original is not null)
            {
                result.Add(range.Original);
                continue;
            }
            foreach (var block in RangeToBlocks(range.IsV4, range.First, range.Last))
            {
                result.Add(block.ToString());
            }
        }
        return result;
    }

    /// <summary>The unique minimal list of aligned blocks that covers [first, last].</summary>
    public static IEnumerable<NetCidr> RangeToBlocks(bool isV4, UInt128 first, UInt128 last)
    {
        var bitLength = isV4 ? 32 : 128;
        while (true)
        {
            // Largest block starting at first that is aligned and does not pass last.
            var hostBits = first == 0 ? bitLength : Math.Min(bitLength, (int)UInt128.TrailingZeroCount(first));
            while (hostBits > 0 && first + HostMask(bitLength, bitLength - hostBits) > last)
            {
                hostBits--;
            }
            var block = new NetCidr(new NetAddress(first, isV4), bitLength - hostBits);
            yield return block;
            var blockLast = block.Last;
            if (blockLast >= last)
            {
                yield break;
            }
            first = blockLast + 1;
        }
    }

    private readonly record struct MergeRange(bool IsV4, UInt128 First, UInt128 Last, string? Original);
}
