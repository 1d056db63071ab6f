using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>
/// <c>some [k,] v in collection</c> followed by the rest of the body, iterated in a loop that calls the
/// rest of the body directly for each element: no continuation per element. When the next expression
/// tests the element against a constant (<c>r.type == "aws_s3_bucket"</c>) and several rules iterate the
/// same collection that way, the elements are grouped by that field once per evaluation and each rule
/// visits only the elements that can pass (OPA indexes rules on input equality in the same spirit).
/// </summary>
internal sealed partial class Evaluator
{
    // Per evaluation: the collections grouped by a field, keyed by (collection instance, field path).
    private readonly Dictionary<(RegoValue Collection, IterationFilter Filter), IterationIndex> _indexes = new(IndexKeyComparer.Instance);

    /// <summary>
    /// Evaluates body[i] (a <c>some … in</c> with fresh variables) and the rest of the body per element.
    /// False when the expression does not have that shape; then <paramref name="result"/> is unset.
    /// </summary>
    private bool TryIterateInline(RegoValue?[] f, Expr[] body, int i, Func<bool> k, out bool result)
    {
        result = true;
        if (body[i] is not SomeInExpr { Negated: false } si || si.With.Length > 0
            || si.Value is not VarTerm { Slot: >= 0 } value || f[value.Slot] is not null)
        {
            return false;
        }

        var keySlot = -1;
        if (si.Key is not null)
        {
            if (si.Key is not VarTerm { Slot: >= 0 } key || f[key.Slot] is not null || key.Slot == value.Slot)
            {
                return false;
            }

            keySlot = key.Slot;
        }

        if (!TryEvalDirect(f, si.Collection, out var collection))
        {
            return false;
        }

        if (collection is null)
        {
            return true;
        }

        var positions = _mocks is null && i + 1 < body.Length ? FilterPositions(collection, IterationFilter.For(si, body[i + 1], value.Slot)) : null;
        try
        {
            result = positions is null
                ? IterateAll(f, body, i, k, collection, keySlot, value.Slot)
                : IterateAt(f, body, i, k, collection, keySlot, value.Slot, positions);
        }
        finally
        {
            f[value.Slot] = null;
            if (keySlot >= 0)
            {
                f[keySlot] = null;
            }
        }

        return true;
    }

    private bool IterateAll(RegoValue?[] f, Expr[] body, int i, Func<bool> k, RegoValue collection, int keySlot, int valueSlot)
    {
        var count = collection switch
        {
            RegoArray a => a.Count,
            RegoObject o => o.Count,
            RegoSet s => s.Count,
            _ => 0,
        };
        for (var p = 0; p < count; p++)
        {
            if (!VisitElement(f, body, i, k, collection, keySlot, valueSlot, p))
            {
                return false;
            }
        }

        return true;
    }

    private bool IterateAt(RegoValue?[] f, Expr[] body, int i, Func<bool> k, RegoValue collection, int keySlot, int valueSlot, int[] positions)
    {
        foreach (var p in positions)
        {
            if (!VisitElement(f, body, i, k, collection, keySlot, valueSlot, p))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Binds the element at position <paramref name="p"/> and runs the rest of the body.</summary>
    private bool VisitElement(RegoValue?[] f, Expr[] body, int i, Func<bool> k, RegoValue collection, int keySlot, int valueSlot, int p)
    {
        switch (collection)
        {
            case RegoArray a:
                f[valueSlot] = a[p];
                if (keySlot >= 0)
                {
                    f[keySlot] = RegoNumber.From(p);
                }

                break;
            case RegoObject o:
                f[valueSlot] = o.Values[p];
                if (keySlot >= 0)
                {
                    f[keySlot] = o.Keys[p];
                }

                break;
            default:
                var item = ((RegoSet)collection).Items[p];
                f[valueSlot] = item;
                if (keySlot >= 0)
                {
                    f[keySlot] = item;
                }

                break;
        }

        return EvalBody(f, body, i + 1, k);
    }

    /// <summary>
    /// The positions of the elements that can pass the filter, in iteration order, or null to visit all.
    /// The grouping is built when a second rule asks for it in this evaluation (one rule gains nothing).
    /// </summary>
    private int[]? FilterPositions(RegoValue collection, IterationFilter? filter)
    {
        if (filter is null || collection is not (RegoArray or RegoObject or RegoSet))
        {
            return null;
        }

        if (!_indexes.TryGetValue((collection, filter), out var index))
        {
            _indexes[(collection, filter)] = new IterationIndex();
            return null;
        }

        var groups = index.Groups ??= Group(collection, filter.Path);
        return groups.TryGetValue(filter.Constant, out var positions) ? positions : [];
    }

    private static Dictionary<RegoValue, int[]> Group(RegoValue collection, RegoValue[] path)
    {
        var lists = new Dictionary<RegoValue, List<int>>(RegoValueComparer.Instance);
        var elements = collection switch
        {
            RegoArray a => a.Items,
            RegoObject o => o.Values,
            _ => ((RegoSet)collection).Items,
        };
        for (var p = 0; p < elements.Length; p++)
        {
            RegoValue? field = elements[p];
            foreach (var key in path)
            {
                field = field is null ? null : Lookup(field, key);
            }

            if (field is not null)
            {
                if (!lists.TryGetValue(field, out var list))
                {
                    list = [];
                    lists[field] = list;
                }

                list.Add(p);
            }
        }

        var groups = new Dictionary<RegoValue, int[]>(lists.Count, RegoValueComparer.Instance);
        foreach (var (field, list) in lists)
        {
            groups[field] = [.. list];
        }

        return groups;
    }

    /// <summary>Collections grouped by one field in this evaluation (dropped when the evaluation ends).</summary>
    private sealed class IterationIndex
    {
        public Dictionary<RegoValue, int[]>? Groups { get; set; }
    }

    /// <summary>Collections by instance (not by value: equal inputs are rare and hashing one is costly).</summary>
    private sealed class IndexKeyComparer : IEqualityComparer<(RegoValue Collection, IterationFilter Filter)>
    {
        public static readonly IndexKeyComparer Instance = new();

        public bool Equals((RegoValue Collection, IterationFilter Filter) x, (RegoValue Collection, IterationFilter Filter) y) =>
            ReferenceEquals(x.Collection, y.Collection) && x.Filter.SamePath(y.Filter);

        public int GetHashCode((RegoValue Collection, IterationFilter Filter) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Collection), obj.Filter.PathHash);
    }
}
