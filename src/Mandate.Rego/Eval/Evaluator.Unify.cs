using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

internal sealed partial class Evaluator
{
    /// <summary>Unifies two terms: binds unbound variables on either side, matches arrays/objects element-wise.</summary>
    private bool Unify(RegoValue?[] f, Term a, Term b, Func<bool> k)
    {
        if (IsUnboundVar(f, a))
        {
            if (IsUnboundVar(f, b))
            {
                throw new RegoEvalException(RegoErrorCodes.EvalInternalError, $"cannot unify unbound variables {a} and {b}", a.Location);
            }

            return EvalTerm(f, b, v => UnifyValue(f, a, v, k));
        }

        if (IsUnboundVar(f, b))
        {
            return EvalTerm(f, a, v => UnifyValue(f, b, v, k));
        }

        if (a is ArrayTerm aa && b is ArrayTerm ba)
        {
            return aa.Items.Length == ba.Items.Length && UnifyItems(f, aa.Items, ba.Items, 0, k);
        }

        if (a is ObjectTerm oa && b is ObjectTerm ob && !IsGround(f, a) && !IsGround(f, b))
        {
            return UnifyObjects(f, oa, ob, k);
        }

        if (!IsGround(f, a) && IsPattern(a))
        {
            return EvalTerm(f, b, v => UnifyValue(f, a, v, k));
        }

        return EvalTerm(f, a, v => UnifyValue(f, b, v, k));
    }

    private static bool IsPattern(Term t) => t is VarTerm or ArrayTerm or ObjectTerm;

    private bool UnifyItems(RegoValue?[] f, Term[] a, Term[] b, int i, Func<bool> k) =>
        i == a.Length ? k() : Unify(f, a[i], b[i], () => UnifyItems(f, a, b, i + 1, k));

    private bool UnifyObjects(RegoValue?[] f, ObjectTerm a, ObjectTerm b, Func<bool> k)
    {
        if (a.Items.Length != b.Items.Length)
        {
            return true;
        }

        // Keys must be ground; match them up by value.
        var pairs = new List<(Term, Term)>();
        foreach (var (ka, va) in a.Items)
        {
            RegoValue? keyA = null;
            EvalTerm(f, ka, v =>
            {
                keyA = v;
                return false;
            });
            var matched = false;
            foreach (var (kb, vb) in b.Items)
            {
                RegoValue? keyB = null;
                EvalTerm(f, kb, v =>
                {
                    keyB = v;
                    return false;
                });
                if (keyA is not null && keyA.Equals(keyB))
                {
                    pairs.Add((va, vb));
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                return true;
            }
        }

        return UnifyItems(f, pairs.Select(p => p.Item1).ToArray(), pairs.Select(p => p.Item2).ToArray(), 0, k);
    }

    /// <summary>Unifies a term (possibly with unbound variables) with a value.</summary>
    private bool UnifyValue(RegoValue?[] f, Term pattern, RegoValue value, Func<bool> k)
    {
        switch (pattern)
        {
            case VarTerm { Slot: >= 0 } v:
                if (f[v.Slot] is { } bound)
                {
                    return !bound.Equals(value) || k();
                }

                f[v.Slot] = value;
                try
                {
                    return k();
                }
                finally
                {
                    f[v.Slot] = null;
                }

            case ScalarTerm s:
                return !s.Value.Equals(value) || k();
            case ArrayTerm a:
                if (value is not RegoArray va || va.Count != a.Items.Length)
                {
                    return true;
                }

                return UnifyArrayItems(f, a.Items, va, 0, k);
            case ObjectTerm o when !IsGround(f, o):
            {
                if (value is not RegoObject vo || vo.Count != o.Items.Length)
                {
                    return true;
                }

                return UnifyObjectItems(f, o, vo, 0, k);
            }

            default:
                return MatchTerm(f, pattern, value, k);
        }
    }

    // Apart from UnifyValue, whose variable case is hot: its closure would be allocated on every entry.
    private bool MatchTerm(RegoValue?[] f, Term pattern, RegoValue value, Func<bool> k) =>
        EvalTerm(f, pattern, v => !v.Equals(value) || k());

    private bool UnifyArrayItems(RegoValue?[] f, Term[] items, RegoArray value, int i, Func<bool> k) =>
        i == items.Length ? k() : UnifyValue(f, items[i], value[i], () => UnifyArrayItems(f, items, value, i + 1, k));

    private bool UnifyObjectItems(RegoValue?[] f, ObjectTerm o, RegoObject value, int i, Func<bool> k)
    {
        if (i == o.Items.Length)
        {
            return k();
        }

        var (kt, vt) = o.Items[i];
        return EvalTerm(f, kt, key =>
        {
            var child = value[key];
            return child is null || UnifyValue(f, vt, child, () => UnifyObjectItems(f, o, value, i + 1, k));
        });
    }
}
