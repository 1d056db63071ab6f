using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Calls to builtins OPA deprecates (<c>any</c>, <c>all</c>, <c>re_match</c>, <c>set_diff</c>,
/// <c>net.cidr_overlap</c>, the <c>cast_*</c> family: <see cref="BuiltinDefinition.Deprecated"/>) are type
/// errors in strict mode and in every Rego v1 module, as in OPA 1.x. Runs after name resolution, so a
/// user function that happens to share a deprecated name is not reported.
/// </summary>
internal static class CheckDeprecatedBuiltins
{
    public static void Run(CompileContext ctx)
    {
        foreach (var module in ctx.Modules.Where(m => ctx.Options.Strict || m.Version == RegoVersion.V1))
        {
            foreach (var rule in module.Rules)
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    foreach (var t in r.HeadRef.Skip(1).Concat(new[] { r.Key, r.Value }.OfType<Term>()).Concat(r.Args ?? []))
                    {
                        Term(ctx, t);
                    }

                    Body(ctx, r.Body);
                }
            }
        }
    }

    private static void Body(CompileContext ctx, Expr[] body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr { Term: CallTerm { Target: BuiltinDefinition { Deprecated: true } def } c }:
                    // A call that is the whole expression is reported at the expression, as OPA does.
                    Report(ctx, def, e.Location);
                    foreach (var a in c.Args)
                    {
                        Term(ctx, a);
                    }

                    break;
                case TermExpr t:
                    Term(ctx, t.Term);
                    break;
                case SomeInExpr si:
                    Term(ctx, si.Collection);
                    break;
                case EveryExpr ev:
                    Term(ctx, ev.Domain);
                    Body(ctx, ev.Body);
                    break;
                case LogicExpr le:
                    Body(ctx, le.Left);
                    Body(ctx, le.Right);
                    break;
            }

            foreach (var w in e.With)
            {
                Term(ctx, w.Value);
            }
        }
    }

    private static void Term(CompileContext ctx, Term t)
    {
        switch (t)
        {
            case CallTerm { Target: BuiltinDefinition { Deprecated: true } def } c:
                Report(ctx, def, c.Operator.Location);
                break;
            case ArrayComprehension ac:
                Term(ctx, ac.Head);
                Body(ctx, ac.Body);
                return;
            case SetComprehension sc:
                Term(ctx, sc.Head);
                Body(ctx, sc.Body);
                return;
            case ObjectComprehension oc:
                Term(ctx, oc.Key);
                Term(ctx, oc.Value);
                Body(ctx, oc.Body);
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            Term(ctx, c);
        }
    }

    private static void Report(CompileContext ctx, BuiltinDefinition def, SourceLocation at) =>
        ctx.Error(RegoErrorCodes.TypeError, $"deprecated built-in function calls in expression: {def.Name}", at);
}
