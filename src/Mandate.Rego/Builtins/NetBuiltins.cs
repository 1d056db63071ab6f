using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// OPA's <c>net.*</c> builtins over <see cref="NetCidr"/> and <see cref="NetAddress"/>.
/// <c>net.lookup_ip_addr</c> answers only what needs no resolver (see OMISSIONS.md).
/// </summary>
internal static class NetBuiltins
{
    /// <summary>
    /// An IP literal resolves to itself and "localhost" (RFC 6761: also any name under .localhost) to the
    /// loopback addresses, as every resolver answers them. Other names would need DNS, which would make a
    /// decision depend on the network, so they fail the query with an error that says so.
    /// </summary>
    [RegoBuiltin("net.lookup_ip_addr", Nondeterministic = true)]
    public static RegoValue LookupIpAddr(BuiltinContext ctx, RegoValue name)
    {
        var text = Operands.String(name, 1);
        if (NetAddress.TryParse(text, out var address))
        {
            return RegoSet.From(RegoString.From(address.ToString()));
        }
        var host = text.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return RegoSet.From(RegoString.From("127.0.0.1"), RegoString.From("::1"));
        }
        throw DisabledBuiltins.Disabled(ctx, "net.lookup_ip_addr",
            $"looking up {text} needs DNS and policy evaluation never makes network calls; only IP literals and localhost are answered (resolve beforehand and pass the addresses in input, or mock it: `with net.lookup_ip_addr as …`)");
    }

    [RegoBuiltin("net.cidr_contains")]
    public static RegoValue CidrContains(RegoValue cidr, RegoValue cidrOrIp) => RegoBoolean.From(Contains(cidr, cidrOrIp));

    [RegoBuiltin("net.cidr_overlap", Deprecated = true)]
    public static RegoValue CidrOverlap(RegoValue cidr, RegoValue cidrOrIp) => RegoBoolean.From(Contains(cidr, cidrOrIp));

    [RegoBuiltin("net.cidr_intersects")]
    public static RegoValue CidrIntersects(RegoValue cidr1, RegoValue cidr2)
    {
        var a = ParseNetwork(cidr1);
        var b = ParseNetwork(cidr2);
        return RegoBoolean.From(a.Contains(b.Network) || b.Contains(a.Network));
    }

    [RegoBuiltin("net.cidr_is_valid")]
    public static RegoValue CidrIsValid(RegoValue cidr) =>
        RegoBoolean.From(cidr is RegoString s && NetCidr.TryParse(s.Value, out _, out _));

    [RegoBuiltin("net.cidr_expand")]
    public static RegoValue CidrExpand(BuiltinContext context, RegoValue cidr)
    {
        var text = Operands.String(cidr, 1);
        if (!NetCidr.TryParse(text, out var network, out var error))
        {
            throw new BuiltinException(error);
        }
        // Charge the whole block before building anything: a /8 or an IPv6 /64 fails at once instead of
        // filling memory address by address.
        var size = network.Size;
        context.ChargeOutput(size > long.MaxValue ? long.MaxValue : (long)size);
        var builder = new RegoSet.Builder();
        var address = network.First;
        var last = network.Last;
        while (true)
        {
            builder.Add(RegoString.From(new NetAddress(address, network.Network.IsV4).ToString()));
            if ((address & 0xFFF) == 0)
            {
                context.CheckInterrupt();
            }
            if (address == last)
            {
                break;
            }
            address++;
        }
        return builder.Build();
    }

    [RegoBuiltin("net.cidr_contains_matches")]
    public static RegoValue CidrContainsMatches(RegoValue cidrs, RegoValue cidrsOrIps)
    {
        var builder = new RegoSet.Builder();
        foreach (var (cidr1, index1) in MatchOperand(1, cidrs))
        {
            foreach (var (cidr2, index2) in MatchOperand(2, cidrsOrIps))
            {
                if (Contains(cidr1, cidr2))
                {
                    builder.Add(RegoArray.From(index1, index2));
                }
            }
        }
        return builder.Build();
    }

    [RegoBuiltin("net.cidr_merge")]
    public static RegoValue CidrMerge(RegoValue addresses)
    {
        var items = addresses switch
        {
            RegoArray array => array.Items.ToArray(),
            RegoSet set => set.Items.ToArray(),
            _ => throw new BuiltinException("operand must be an array"),
        };
        var blocks = new List<(NetCidr, string)>(items.Length);
        foreach (var item in items)
        {
            if (item is not RegoString text)
            {
                throw new BuiltinException("element must be string");
            }
            blocks.Add(MergeBlock(text.Value));
        }
        var builder = new RegoSet.Builder();
        foreach (var merged in NetCidr.Merge(blocks))
        {
            builder.Add(RegoString.From(merged));
        }
        return builder.Build();
    }

    // A bare IPv4 address takes its classful default mask (Go's IP.DefaultMask) and is printed unmasked when it
    // merges with nothing, as Go's IPNet.String does; a bare IPv6 address has no default.
    private static (NetCidr, string) MergeBlock(string text)
    {
        if (NetAddress.TryParse(text, out var address))
        {
            if (!address.IsV4)
            {
                throw new BuiltinException("IPv6 invalid: needs prefix length");
            }
            var firstOctet = (uint)(address.Bits >> 24);
            var prefix = firstOctet < 0x80 ? 8 : firstOctet < 0xC0 ? 16 : 24;
            var network = new NetCidr(new NetAddress(address.Bits & ~NetCidr.HostMask(32, prefix) & 0xFFFF_FFFF, true), prefix);
            return (network, address + "/" + prefix.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!NetCidr.TryParse(text, out var cidr, out var error))
        {
            throw new BuiltinException(error);
        }
        return (cidr, cidr.ToString());
    }

    // Yields (cidr, index) pairs: a string is its own index; arrays index by position, sets by element and
    // objects by key. An element is a CIDR string or a non-empty array whose first item is the CIDR.
    private static IEnumerable<(RegoValue Cidr, RegoValue Index)> MatchOperand(int position, RegoValue operand)
    {
        switch (operand)
        {
            case RegoString:
                yield return (operand, operand);
                break;
            case RegoArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (MatchElement(position, array[i]), RegoNumber.From(i));
                }
                break;
            case RegoSet set:
                foreach (var element in set.Items.ToArray())
                {
                    yield return (MatchElement(position, element), element);
                }
                break;
            case RegoObject obj:
                var keys = obj.Keys.ToArray();
                var values = obj.Values.ToArray();
                for (var i = 0; i < keys.Length; i++)
                {
                    yield return (MatchElement(position, values[i]), keys[i]);
                }
                break;
        }
    }

    private static RegoValue MatchElement(int position, RegoValue element) => element switch
    {
        RegoString => element,
        RegoArray { Count: > 0 } array => array[0],
        _ => throw new BuiltinException($"operand {position}: element must be string or non-empty array"),
    };

    // OPA's cidr_contains: the second operand is an IP address or a CIDR that must lie wholly inside.
    // Both operands are reported as "operand 1" on a type error, as OPA does.
    private static bool Contains(RegoValue cidr, RegoValue cidrOrIp)
    {
        var network = ParseNetwork(cidr);
        var text = Operands.String(cidrOrIp, 1);
        if (NetAddress.TryParse(text, out var address))
        {
            return network.Contains(address);
        }
        if (!NetCidr.TryParse(text, out var inner, out _))
        {
            throw new BuiltinException("not a valid textual representation of an IP address or CIDR: " + text);
        }
        return network.Contains(inner.Network) && network.Contains(new NetAddress(inner.Last, inner.Network.IsV4));
    }

    private static NetCidr ParseNetwork(RegoValue value)
    {
        var text = Operands.String(value, 1);
        return NetCidr.TryParse(text, out var cidr, out var error) ? cidr : throw new BuiltinException(error);
    }
}
