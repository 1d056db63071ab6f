using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// One walk over every resolved builtin call for OPA's CheckDeprecatedBuiltins stage
/// (<see cref="CheckDeprecatedBuiltins"/>: calls to deprecated builtins in strict mode and v1 modules).
/// Type errors come earlier, from <see cref="CheckTypes"/>. A call that is a whole body expression is
/// "top level": OPA reports it at the expression; any other call at its operator.
/// </summary>
internal sealed class CheckBuiltinCalls
{
    private readonly List<RegoError> _deprecated = [];
    private bool _checkDeprecated;

    public static void Run(CompileContext ctx)
    {
        var walk = new CheckBuiltinCalls();
        foreach (var module in ctx.Modules)
        {
            walk._checkDeprecated = ctx.Options.Strict || module.Version == RegoVersion.V1;
            foreach (var rule in module.Rules)
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    for (var i = 1; i < r.HeadRef.Length; i++)
                    {
                        walk.Term(r.HeadRef[i], null);
                    }

                    if (r.Key is not null)
                    {
                        walk.Term(r.Key, null);
                    }

                    if (r.Value is not null)
                    {
                        walk.Term(r.Value, null);
                    }

                    walk.Body(r.Body);
                }
            }
        }

        ctx.Errors.AddRange(walk._deprecated);
    }

    /// <summary>A resolved query: deprecated builtins (OPA checks queries for them in strict mode only).</summary>
    public static void RunQuery(CompileContext ctx, Expr[] body)
    {
        var walk = new CheckBuiltinCalls { _checkDeprecated = true };
        walk.Body(body);
        ctx.Errors.AddRange(walk._deprecated);
    }

    private void Body(Expr[] body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr t:
                    Term(t.Term, e);
                    break;
                case SomeInExpr si:
                    Term(si.Collection, null);
                    break;
                case EveryExpr ev:
                    Term(ev.Domain, null);
                    Body(ev.Body);
                    break;
                case LogicExpr le:
                    Body(le.Left);
                    Body(le.Right);
                    break;
            }

            foreach (var w in e.With)
            {
                Term(w.Value, null);
            }
        }
    }

    /// <param name="topLevel">The expression when <paramref name="t"/> is the whole expression.</param>
    private void Term(Term t, Expr? topLevel)
    {
        switch (t)
        {
            case CallTerm { Target: BuiltinDefinition def } c:
                if (_checkDeprecated && def.Deprecated)
                {
                    _deprecated.Add(CheckDeprecatedBuiltins.Error(def, topLevel?.Location ?? c.Operator.Location));
                }

                foreach (var a in c.Args)
                {
                    Term(a, null);
                }

                return;
            case ArrayComprehension ac:
                Term(ac.Head, null);
                Body(ac.Body);
                return;
            case SetComprehension sc:
                Term(sc.Head, null);
                Body(sc.Body);
                return;
            case ObjectComprehension oc:
                Term(oc.Key, null);
                Term(oc.Value, null);
                Body(oc.Body);
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            Term(c, null);
        }
    }
}
