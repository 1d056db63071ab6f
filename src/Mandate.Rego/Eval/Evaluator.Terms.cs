using System.Text;
using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

internal sealed partial class Evaluator
{
    /// <summary>Calls <paramref name="k"/> with each value of the term (none when undefined).</summary>
    private bool EvalTerm(RegoValue?[] f, Term t, Func<RegoValue, bool> k)
    {
        switch (t)
        {
            case ScalarTerm s:
                return k(s.Value);
            case VarTerm v:
                if (v.Slot < 0)
                {
                    var root = v.Name == "input" ? _input : BuildDocument(_policy.Root, _data);
                    return root is null || k(root);
                }

                if (f[v.Slot] is { } bound)
                {
                    return k(bound);
                }

                throw new RegoEvalException(RegoErrorCodes.EvalInternalError, $"var {v.Name} is unbound", v.Location);
            case RefTerm r:
                return TryEvalRefDirect(f, r, out var rv) ? rv is null || k(rv) : EvalRef(f, r, k);
            case CallTerm c:
                return TryEvalDirect(f, c, out var cv) ? cv is null || k(cv) : EvalCall(f, c, k);
            case ArrayTerm or SetTerm or ArrayComprehension or SetComprehension or ObjectComprehension:
                return EvalCollectionTerm(f, t, k);
            case ObjectTerm o:
                return EvalObject(f, o, k);
            case TemplateTerm tt:
                return EvalTemplate(f, tt, 0, new StringBuilder(), k);
            default:
                throw new InvalidOperationException("unknown term " + t.GetType().Name);
        }
    }

    /// <summary>
    /// Array, set and comprehension terms. Apart from <see cref="EvalTerm"/> because their continuations
    /// capture its parameters, and C# allocates a method's closure object on entry, even on paths that
    /// need no closure (a bound variable, a constant).
    /// </summary>
    private bool EvalCollectionTerm(RegoValue?[] f, Term t, Func<RegoValue, bool> k)
    {
        switch (t)
        {
            case ArrayTerm a:
                return EvalSequence(f, a.Items, 0, new RegoValue[a.Items.Length], items => k(RegoArray.Own((RegoValue[])items.Clone())));
            case SetTerm s:
                return EvalSequence(f, s.Items, 0, new RegoValue[s.Items.Length], items => k(RegoSet.From(items)));
            case ArrayComprehension ac:
            {
                var items = new List<RegoValue>();
                EvalClosure(f, ac.Body, () => EvalTerm(f, ac.Head, v =>
                {
                    items.Add(v);
                    return true;
                }));
                return k(RegoArray.Own(items));
            }

            case SetComprehension sc:
            {
                var items = new RegoSet.Builder();
                EvalClosure(f, sc.Body, () => EvalTerm(f, sc.Head, v =>
                {
                    items.Add(v);
                    return true;
                }));
                return k(items.Build());
            }

            case ObjectComprehension oc:
            {
                var items = new RegoObject.Builder();
                EvalClosure(f, oc.Body, () => EvalTerm(f, oc.Key, key => EvalTerm(f, oc.Value, val =>
                {
                    if (items.TryGetValue(key, out var existing))
                    {
                        if (!existing.Equals(val))
                        {
                            throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", oc.Location);
                        }

                        return true;
                    }

                    items.Set(key, val);
                    return true;
                })));
                return k(items.Build());
            }

            default:
                throw new InvalidOperationException("unknown term " + t.GetType().Name);
        }
    }

    private void EvalClosure(RegoValue?[] f, Expr[] body, Func<bool> k)
    {
        EnterCall(body.Length > 0 ? body[0].Location : default);
        try
        {
            EvalBody(f, body, 0, k);
        }
        finally
        {
            ExitCall();
        }
    }

    private bool EvalSequence(RegoValue?[] f, Term[] items, int i, RegoValue[] acc, Func<RegoValue[], bool> k)
    {
        if (i == items.Length)
        {
            return k(acc);
        }

        return EvalTerm(f, items[i], v =>
        {
            acc[i] = v;
            return EvalSequence(f, items, i + 1, acc, k);
        });
    }

    private bool EvalObject(RegoValue?[] f, ObjectTerm o, Func<RegoValue, bool> k)
    {
        var terms = new Term[o.Items.Length * 2];
        for (var i = 0; i < o.Items.Length; i++)
        {
            terms[2 * i] = o.Items[i].Key;
            terms[(2 * i) + 1] = o.Items[i].Value;
        }

        return EvalSequence(f, terms, 0, new RegoValue[terms.Length], values =>
        {
            var b = new RegoObject.Builder();
            for (var i = 0; i < values.Length; i += 2)
            {
                b.Set(values[i], values[i + 1]);
            }

            return k(b.Build());
        });
    }

    private bool EvalTemplate(RegoValue?[] f, TemplateTerm t, int i, StringBuilder sb, Func<RegoValue, bool> k)
    {
        if (i == t.Parts.Length)
        {
            return k(RegoString.From(sb.ToString()));
        }

        if (t.Parts[i] is string s)
        {
            var len = sb.Length;
            sb.Append(s);
            var r = EvalTemplate(f, t, i + 1, sb, k);
            sb.Length = len;
            return r;
        }

        var term = (Term)t.Parts[i];
        var any = false;
        var result = EvalTerm(f, term, v =>
        {
            any = true;
            var len = sb.Length;
            sb.Append(v is RegoString str ? str.Value : v.ToString());
            var r = EvalTemplate(f, t, i + 1, sb, k);
            sb.Length = len;
            return r;
        });
        if (!any)
        {
            var len = sb.Length;
            sb.Append("<undefined>");
            result = EvalTemplate(f, t, i + 1, sb, k);
            sb.Length = len;
        }

        return result;
    }

    private bool EvalRef(RegoValue?[] f, RefTerm r, Func<RegoValue, bool> k)
    {
        switch (r.Head)
        {
            case VarTerm { Slot: < 0, Name: "data" }:
                return EvalDataPath(f, r, 0, _policy.Root, _data, k);
            case VarTerm { Slot: < 0 }:
                return _input is null || EvalPath(f, r.Path, 0, _input, k);
            case VarTerm v:
                if (f[v.Slot] is { } bound)
                {
                    return EvalPath(f, r.Path, 0, bound, k);
                }

                throw new RegoEvalException(RegoErrorCodes.EvalInternalError, $"var {v.Name} is unbound", v.Location);
            default:
                return EvalTerm(f, r.Head, head => EvalPath(f, r.Path, 0, head, k));
        }
    }

    /// <summary>True when the term is a variable not bound in this frame.</summary>
    private static bool IsUnboundVar(RegoValue?[] f, Term t) => t is VarTerm { Slot: >= 0 } v && f[v.Slot] is null;

    /// <summary>Follows path[i..] into a value, iterating where a path element is an unbound variable.</summary>
    /// <param name="dataKeys">Under <c>data</c>, a number key also finds the object key spelled as that number (OPA).</param>
    private bool EvalPath(RegoValue?[] f, Term[] path, int i, RegoValue current, Func<RegoValue, bool> k, bool dataKeys = false)
    {
        if (i == path.Length)
        {
            return k(current);
        }

        var elem = path[i];
        if (elem is ScalarTerm s)
        {
            var child = LookupKey(current, s.Value, dataKeys);
            return child is null || EvalPath(f, path, i + 1, child, k, dataKeys);
        }

        if (elem is VarTerm { Slot: >= 0 } v && f[v.Slot] is { } bound)
        {
            var child = LookupKey(current, bound, dataKeys);
            return child is null || EvalPath(f, path, i + 1, child, k, dataKeys);
        }

        return EvalPathBranching(f, path, i, current, k, dataKeys);
    }

    /// <summary>The path elements that iterate or need a continuation (apart, so plain lookups allocate no closure).</summary>
    private bool EvalPathBranching(RegoValue?[] f, Term[] path, int i, RegoValue current, Func<RegoValue, bool> k, bool dataKeys)
    {
        var elem = path[i];
        if (elem is VarTerm { Slot: >= 0 } v)
        {
            return IterateCollection(current, (key, child) =>
            {
                f[v.Slot] = key;
                var go = EvalPath(f, path, i + 1, child, k, dataKeys);
                f[v.Slot] = null;
                return go;
            });
        }

        if (!IsGround(f, elem))
        {
            return IterateCollection(current, (key, child) => UnifyValue(f, elem, key, () => EvalPath(f, path, i + 1, child, k, dataKeys)));
        }

        return EvalTerm(f, elem, key =>
        {
            var child = LookupKey(current, key, dataKeys);
            return child is null || EvalPath(f, path, i + 1, child, k, dataKeys);
        });
    }

    private static bool IterateCollection(RegoValue collection, Func<RegoValue, RegoValue, bool> each)
    {
        switch (collection)
        {
            case RegoArray a:
                for (var j = 0; j < a.Count; j++)
                {
                    if (!each(RegoNumber.From(j), a[j]))
                    {
                        return false;
                    }
                }

                return true;
            case RegoObject o:
                for (var j = 0; j < o.Count; j++)
                {
                    if (!each(o.Keys[j], o.Values[j]))
                    {
                        return false;
                    }
                }

                return true;
            case RegoSet s:
                foreach (var item in s.Items)
                {
                    if (!each(item, item))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static RegoValue? LookupKey(RegoValue collection, RegoValue key, bool dataKeys) =>
        Lookup(collection, key) ?? (dataKeys && key is RegoNumber n && collection is RegoObject o ? o[n.ToJsonText()] : null);

    internal static RegoValue? Lookup(RegoValue collection, RegoValue key) => collection switch
    {
        // String keys (nearly every lookup) compare ordinally, without the general value order.
        RegoObject o when key is RegoString s => o.TryGetValue(s.Value, out var v) ? v : null,
        RegoObject o => o.TryGetValue(key, out var v) ? v : null,
        RegoArray a => key is RegoNumber n && n.TryGetInt32(out var i) && i >= 0 && i < a.Count ? a[i] : null,
        RegoSet s => s.Contains(key) ? key : null,
        _ => null,
    };

    /// <summary>True when the term contains no unbound variables (closures count as ground).</summary>
    private static bool IsGround(RegoValue?[] f, Term t) => t switch
    {
        ScalarTerm => true,
        VarTerm v => v.Slot < 0 || f[v.Slot] is not null,
        RefTerm r => IsGround(f, r.Head) && Array.TrueForAll(r.Path, p => IsGround(f, p)),
        ArrayTerm a => Array.TrueForAll(a.Items, x => IsGround(f, x)),
        SetTerm s => Array.TrueForAll(s.Items, x => IsGround(f, x)),
        ObjectTerm o => Array.TrueForAll(o.Items, kv => IsGround(f, kv.Key) && IsGround(f, kv.Value)),
        CallTerm c => Array.TrueForAll(c.Args, x => IsGround(f, x)),
        _ => true,
    };
}
