using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Stage 5: a node with exactly one complete rule, no body, no else and a constant value (<c>p := 7</c>,
/// <c>msg := "x"</c>) gets its value precomputed, so evaluation reads it without running anything.
/// </summary>
internal static class FoldConstants
{
    public static void Run(CompileContext ctx) => Visit(ctx.Root);

    private static void Visit(RuleNode n)
    {
        if (n.Rules.Count == 1 && n.Default is null)
        {
            var r = n.Rules[0];
            if (!r.IsMultiValue && n.SuffixStart[r] == r.HeadRef.Length && r.Body.Length == 0 && r.Else is null
                && r.Value is { } v && TryConstant(v, out var value))
            {
                n.ConstantValue = value;
            }
        }

        foreach (var c in n.Children.Values)
        {
            Visit(c);
        }
    }

    internal static bool TryConstant(Term t, out RegoValue value)
    {
        switch (t)
        {
            case ScalarTerm s:
                value = s.Value;
                return true;
            case ArrayTerm a:
            {
                var items = new RegoValue[a.Items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryConstant(a.Items[i], out items[i]))
                    {
                        value = RegoNull.Instance;
                        return false;
                    }
                }

                value = RegoArray.From(items);
                return true;
            }

            case SetTerm s:
            {
                var b = new RegoSet.Builder();
                foreach (var x in s.Items)
                {
                    if (!TryConstant(x, out var item))
                    {
                        value = RegoNull.Instance;
                        return false;
                    }

                    b.Add(item);
                }

                value = b.Build();
                return true;
            }

            case ObjectTerm o:
            {
                var b = new RegoObject.Builder();
                foreach (var (k, x) in o.Items)
                {
                    if (!TryConstant(k, out var key) || !TryConstant(x, out var item))
                    {
                        value = RegoNull.Instance;
                        return false;
                    }

                    b.Set(key, item);
                }

                value = b.Build();
                return true;
            }

            default:
                value = RegoNull.Instance;
                return false;
        }
    }
}
