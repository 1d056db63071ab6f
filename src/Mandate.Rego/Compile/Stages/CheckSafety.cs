using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Stage 3: orders every body so each expression runs once the variables it needs are bound (OPA's
/// reordering for safety), and reports variables nothing can bind as <c>rego_unsafe_var_error</c>.
/// An expression "needs" the variables it reads (call arguments, comparison operands, ref heads, closure
/// variables, negated expressions) and "provides" those it can bind (unification sides, ref iteration
/// keys, a call's output argument, <c>some … in</c> targets). The order is stable: among ready
/// expressions the earliest written runs first.
/// </summary>
internal static partial class CheckSafety
{
    public static void Run(CompileContext ctx)
    {
        foreach (var module in ctx.Modules)
        {
            foreach (var rule in module.Rules)
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    CheckRule(ctx, r, rule);
                }
            }
        }
    }

    private static void CheckRule(CompileContext ctx, Rule rule, Rule head)
    {
        var bound = new HashSet<int>();
        foreach (var a in rule.Args ?? head.Args ?? [])
        {
            AllSlots(a, bound, includeClosures: false);
        }

        rule.Body = Order(ctx, rule.Body, bound);
        // Head terms read their variables, except ref keys, which iterate (`q := xs[_]`).
        var needs = new HashSet<int>();
        var provides = new HashSet<int>();
        var headTerms = rule.HeadRef.Skip(1).Append(rule.Key).Append(rule.Value).OfType<Term>().ToList();
        foreach (var t in headTerms)
        {
            Collect(t, false, needs, provides, bound);
            OrderClosures(ctx, t, bound);
        }

        var headVars = new List<VarTerm>();
        foreach (var t in headTerms)
        {
            HeadVars(t, headVars);
        }

        foreach (var v in headVars)
        {
            if (needs.Contains(v.Slot) && !bound.Contains(v.Slot))
            {
                ctx.Error(RegoErrorCodes.UnsafeVarError, $"var {v.Name} is unsafe", v.Location);
            }
        }
    }

    private static void HeadVars(Term t, List<VarTerm> vars)
    {
        if (t is VarTerm { Slot: >= 0 } v)
        {
            vars.Add(v);
            return;
        }

        foreach (var child in Children(t))
        {
            HeadVars(child, vars);
        }
    }

    /// <summary>Orders a query body given the already-bound slots; exposed for queries.</summary>
    public static Expr[] Order(CompileContext ctx, Expr[] body, HashSet<int> bound)
    {
        if (body.Length == 0)
        {
            return body;
        }

        // Slots used at this body's level or bound before it: closures and negations may read only these.
        var outer = new HashSet<int>(bound);
        foreach (var e in body)
        {
            ExprSlots(e, outer, includeClosures: false);
        }

        var perExpr = body.Select(e =>
        {
            var own = new HashSet<int>();
            ExprSlots(e, own, includeClosures: false);
            return own;
        }).ToArray();
        var infos = body.Select((e, i) =>
        {
            var elsewhere = new HashSet<int>(bound);
            for (var j = 0; j < body.Length; j++)
            {
                if (j != i)
                {
                    elsewhere.UnionWith(perExpr[j]);
                }
            }

            return Analyze(e, outer, elsewhere);
        }).ToList();
        var ordered = new List<Expr>(body.Length);
        var remaining = Enumerable.Range(0, body.Length).ToList();
        while (remaining.Count > 0)
        {
            var pick = -1;
            foreach (var i in remaining)
            {
                if (infos[i].Needs.IsSubsetOf(bound))
                {
                    pick = i;
                    break;
                }
            }

            if (pick < 0)
            {
                // Nothing is ready: report each variable no remaining expression can bind.
                var provided = new HashSet<int>(bound);
                foreach (var i in remaining)
                {
                    provided.UnionWith(infos[i].Provides);
                }

                var reported = new HashSet<int>();
                foreach (var i in remaining)
                {
                    foreach (var v in VarsOf(body[i]))
                    {
                        if (infos[i].Needs.Contains(v.Slot) && !provided.Contains(v.Slot) && reported.Add(v.Slot))
                        {
                            ctx.Error(RegoErrorCodes.UnsafeVarError, $"var {v.Name} is unsafe", v.Location);
                        }
                    }
                }

                if (reported.Count == 0)
                {
                    ctx.Error(RegoErrorCodes.UnsafeVarError, "expressions depend on each other circularly", body[remaining[0]].Location);
                }

                foreach (var i in remaining)
                {
                    ordered.Add(body[i]);
                }

                break;
            }

            remaining.Remove(pick);
            var expr = body[pick];
            var closureBound = new HashSet<int>(bound);
            closureBound.UnionWith(infos[pick].Provides);
            OrderNested(ctx, expr, closureBound, outer);
            bound.UnionWith(infos[pick].Provides);
            ordered.Add(expr);
        }

        return [.. ordered];
    }

    private static void OrderNested(CompileContext ctx, Expr e, HashSet<int> bound, HashSet<int> outer)
    {
        var all = new HashSet<int>(bound);
        all.UnionWith(outer);
        switch (e)
        {
            case TermExpr t:
                OrderClosures(ctx, t.Term, all);
                break;
            case SomeInExpr si:
                OrderClosures(ctx, si.Collection, all);
                break;
            case LogicExpr le:
                le.Left = Order(ctx, le.Left, new HashSet<int>(all));
                le.Right = Order(ctx, le.Right, new HashSet<int>(all));
                break;
            case EveryExpr ev:
            {
                OrderClosures(ctx, ev.Domain, all);
                var inner = new HashSet<int>(all);
                if (ev.Key is not null)
                {
                    AllSlots(ev.Key, inner, false);
                }

                AllSlots(ev.Value, inner, false);
                ev.Body = Order(ctx, ev.Body, inner);
                break;
            }
        }

        foreach (var w in e.With)
        {
            OrderClosures(ctx, w.Value, all);
        }
    }

    private static void OrderClosures(CompileContext ctx, Term t, HashSet<int> bound)
    {
        switch (t)
        {
            case ArrayComprehension ac:
                ac.Body = Order(ctx, ac.Body, new HashSet<int>(bound));
                return;
            case SetComprehension sc:
                sc.Body = Order(ctx, sc.Body, new HashSet<int>(bound));
                return;
            case ObjectComprehension oc:
                oc.Body = Order(ctx, oc.Body, new HashSet<int>(bound));
                return;
        }

        foreach (var c in Children(t))
        {
            OrderClosures(ctx, c, bound);
        }
    }

    private readonly record struct Info(HashSet<int> Needs, HashSet<int> Provides);

    private static Info Analyze(Expr e, HashSet<int> outer, HashSet<int> elsewhere)
    {
        var needs = new HashSet<int>();
        var provides = new HashSet<int>();
        switch (e)
        {
            case TermExpr t when e.Negated:
            {
                // A negated expression binds nothing; it reads the variables the rest of the body knows.
                // Variables that occur only inside it are local to it.
                AllSlots(t.Term, needs, includeClosures: true);
                needs.IntersectWith(elsewhere);
                break;
            }

            case TermExpr { Term: CallTerm c } when c.Target is SpecialCall.Unify or SpecialCall.Assign:
                Collect(c.Args[0], true, needs, provides, outer);
                Collect(c.Args[1], true, needs, provides, outer);
                break;
            case TermExpr { Term: CallTerm c }:
                var hasOutput = HasOutputArg(c);
                for (var i = 0; i < c.Args.Length; i++)
                {
                    Collect(c.Args[i], hasOutput && i == c.Args.Length - 1, needs, provides, outer);
                }

                // `x == xs[x]`: a variable bound by iterating a ref in another argument is read after it.
                needs.ExceptWith(provides);

                break;
            case TermExpr t:
                Collect(t.Term, false, needs, provides, outer);
                break;
            case SomeInExpr si:
                Collect(si.Collection, false, needs, provides, outer);
                if (si.Key is not null)
                {
                    Collect(si.Key, true, needs, provides, outer);
                }

                Collect(si.Value, true, needs, provides, outer);
                break;
            case LogicExpr le:
            {
                var inner = new HashSet<int>();
                foreach (var x in le.Left.Concat(le.Right))
                {
                    ExprSlots(x, inner, includeClosures: true);
                }

                inner.IntersectWith(outer);
                needs.UnionWith(inner);
                break;
            }

            case EveryExpr ev:
            {
                Collect(ev.Domain, false, needs, provides, outer);
                var inner = new HashSet<int>();
                foreach (var x in ev.Body)
                {
                    ExprSlots(x, inner, includeClosures: true);
                }

                inner.IntersectWith(outer);
                needs.UnionWith(inner);
                provides.Clear();
                break;
            }
        }

        foreach (var w in e.With)
        {
            var n = new HashSet<int>();
            AllSlots(w.Value, n, includeClosures: true);
            n.IntersectWith(outer);
            needs.UnionWith(n);
        }

        return new Info(needs, provides);
    }

    public static bool HasOutputArg(CallTerm c) => c.Target switch
    {
        BuiltinDefinition d => c.Args.Length == d.Arity + 1,
        RuleNode n => n.IsFunction && c.Args.Length == (n.Functions.Count > 0 ? n.Functions[0] : n.DefaultFunction!).Args!.Length + 1,
        SpecialCall.Walk => c.Args.Length == 2,
        _ => false,
    };

}
