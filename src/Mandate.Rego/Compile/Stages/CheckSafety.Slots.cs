using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>Which variable slots a term or expression reads, binds or mentions.</summary>
internal static partial class CheckSafety
{
    /// <summary>Collects what a term needs and provides. <paramref name="pattern"/>: the term may bind vars.</summary>
    private static void Collect(Term t, bool pattern, HashSet<int> needs, HashSet<int> provides, HashSet<int> outer)
    {
        switch (t)
        {
            case VarTerm { Slot: >= 0 } v:
                if (pattern || v.IsWildcard)
                {
                    provides.Add(v.Slot);
                }
                else
                {
                    needs.Add(v.Slot);
                }

                return;
            case RefTerm r:
                if (r.Head is VarTerm { Slot: >= 0 } hv)
                {
                    needs.Add(hv.Slot);
                }
                else
                {
                    Collect(r.Head, false, needs, provides, outer);
                }

                foreach (var p in r.Path)
                {
                    Collect(p, true, needs, provides, outer);
                }

                return;
            case ArrayTerm a:
                foreach (var x in a.Items)
                {
                    Collect(x, pattern, needs, provides, outer);
                }

                return;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    Collect(k, false, needs, provides, outer);
                    Collect(v, pattern, needs, provides, outer);
                }

                return;
            case SetTerm s:
                foreach (var x in s.Items)
                {
                    Collect(x, false, needs, provides, outer);
                }

                return;
            case CallTerm c:
                var hasOutput = HasOutputArg(c);
                foreach (var x in c.Args)
                {
                    Collect(x, false, needs, provides, outer);
                }

                if (hasOutput)
                {
                    // Nested call with an output argument is unusual; treat it as reading everything.
                }

                return;
            case TemplateTerm tt:
                foreach (var p in tt.Parts)
                {
                    if (p is Term pt)
                    {
                        Collect(pt, false, needs, provides, outer);
                    }
                }

                return;
            case ArrayComprehension or SetComprehension or ObjectComprehension:
            {
                var inner = new HashSet<int>();
                AllSlots(t, inner, includeClosures: true);
                inner.IntersectWith(outer);
                needs.UnionWith(inner);
                return;
            }
        }
    }

    private static void ExprSlots(Expr e, HashSet<int> into, bool includeClosures)
    {
        switch (e)
        {
            case TermExpr t:
                AllSlots(t.Term, into, includeClosures);
                break;
            case SomeDeclExpr:
                break;
            case SomeInExpr si:
                if (si.Key is not null)
                {
                    AllSlots(si.Key, into, includeClosures);
                }

                AllSlots(si.Value, into, includeClosures);
                AllSlots(si.Collection, into, includeClosures);
                break;
            case LogicExpr le when includeClosures:
                foreach (var x in le.Left.Concat(le.Right))
                {
                    ExprSlots(x, into, true);
                }

                break;
            case EveryExpr ev:
                AllSlots(ev.Domain, into, includeClosures);
                if (includeClosures)
                {
                    foreach (var x in ev.Body)
                    {
                        ExprSlots(x, into, true);
                    }
                }

                break;
        }

        foreach (var w in e.With)
        {
            AllSlots(w.Value, into, includeClosures);
        }
    }

    internal static void AllSlots(Term t, HashSet<int> into, bool includeClosures)
    {
        switch (t)
        {
            case VarTerm { Slot: >= 0 } v:
                if (!v.IsWildcard)
                {
                    into.Add(v.Slot);
                }

                return;
            case ArrayComprehension ac when includeClosures:
                AllSlots(ac.Head, into, true);
                foreach (var x in ac.Body)
                {
                    ExprSlots(x, into, true);
                }

                return;
            case SetComprehension sc when includeClosures:
                AllSlots(sc.Head, into, true);
                foreach (var x in sc.Body)
                {
                    ExprSlots(x, into, true);
                }

                return;
            case ObjectComprehension oc when includeClosures:
                AllSlots(oc.Key, into, true);
                AllSlots(oc.Value, into, true);
                foreach (var x in oc.Body)
                {
                    ExprSlots(x, into, true);
                }

                return;
            case ArrayComprehension or SetComprehension or ObjectComprehension:
                return;
        }

        foreach (var c in Children(t))
        {
            AllSlots(c, into, includeClosures);
        }
    }

    private static IEnumerable<VarTerm> VarsOf(Expr e)
    {
        var list = new List<VarTerm>();
        void Walk(Term t)
        {
            if (t is VarTerm { Slot: >= 0, IsWildcard: false } v)
            {
                list.Add(v);
            }

            foreach (var c in Children(t))
            {
                Walk(c);
            }
        }

        switch (e)
        {
            case TermExpr t:
                Walk(t.Term);
                break;
            case SomeInExpr si:
                Walk(si.Collection);
                break;
            case EveryExpr ev:
                Walk(ev.Domain);
                break;
        }

        return list;
    }

    /// <summary>Direct sub-terms (not closure bodies).</summary>
    internal static IEnumerable<Term> Children(Term t)
    {
        switch (t)
        {
            case RefTerm r:
                yield return r.Head;
                foreach (var p in r.Path)
                {
                    yield return p;
                }

                break;
            case ArrayTerm a:
                foreach (var x in a.Items)
                {
                    yield return x;
                }

                break;
            case SetTerm s:
                foreach (var x in s.Items)
                {
                    yield return x;
                }

                break;
            case ObjectTerm o:
                foreach (var (k, v) in o.Items)
                {
                    yield return k;
                    yield return v;
                }

                break;
            case CallTerm c:
                foreach (var x in c.Args)
                {
                    yield return x;
                }

                break;
            case TemplateTerm tt:
                foreach (var p in tt.Parts)
                {
                    if (p is Term pt)
                    {
                        yield return pt;
                    }
                }

                break;
        }
    }
}
