using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// The <c>in</c> operator with bound operands: <c>x in c</c> is <c>internal.member_2</c>,
/// <c>k, v in c</c> is <c>internal.member_3</c>. Any non-collection right operand gives false, as in OPA.
/// (With unbound variables, <c>some … in</c> iterates instead; the evaluator handles that.)
/// </summary>
internal static class CoreMembership
{
    [RegoBuiltin("internal.member_2")]
    public static RegoValue Member(RegoValue x, RegoValue collection)
    {
        switch (collection)
        {
            case RegoSet s:
                return RegoBoolean.From(s.Contains(x));
            case RegoArray a:
                foreach (var item in a.Items)
                {
                    if (item.Equals(x))
                    {
                        return RegoBoolean.True;
                    }
                }

                return RegoBoolean.False;
            case RegoObject o:
                foreach (var v in o.Values)
                {
                    if (v.Equals(x))
                    {
                        return RegoBoolean.True;
                    }
                }

                return RegoBoolean.False;
            default:
                return RegoBoolean.False;
        }
    }

    [RegoBuiltin("internal.member_3")]
    public static RegoValue MemberWithKey(RegoValue key, RegoValue value, RegoValue collection)
    {
        switch (collection)
        {
            case RegoArray a:
                return RegoBoolean.From(key is RegoNumber n && n.TryGetInt32(out var i) && i >= 0 && i < a.Count && a[i].Equals(value));
            case RegoObject o:
                return RegoBoolean.From(o.TryGetValue(key, out var v) && v.Equals(value));
            case RegoSet s:
                // A set's "key" is the element itself.
                return RegoBoolean.From(key.Equals(value) && s.Contains(value));
            default:
                return RegoBoolean.False;
        }
    }
}
