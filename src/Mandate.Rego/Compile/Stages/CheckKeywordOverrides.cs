using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// <c>input</c> and <c>data</c> are reserved: no rule, function argument or <c>:=</c> variable may take
/// those names. OPA enforces this in strict mode and in every Rego v1 module; arguments named so are
/// rejected always (OPA's reference resolver cannot rewrite them).
/// </summary>
internal static class CheckKeywordOverrides
{
    public static void RunArgs(CompileContext ctx)
    {
        foreach (var rule in ctx.Modules.SelectMany(m => m.Rules))
        {
            foreach (var arg in rule.Args ?? [])
            {
                if (RootName(arg) is { } name)
                {
                    ctx.Error(RegoErrorCodes.CompileError, $"args must not shadow {name} (use a different variable name)", rule.Location);
                }
            }
        }
    }

    public static void Run(CompileContext ctx)
    {
        foreach (var module in ctx.Modules.Where(m => ctx.Options.Strict || m.Version == RegoVersion.V1))
        {
            foreach (var rule in module.Rules)
            {
                if (IsRoot(rule.Name))
                {
                    ctx.Error(RegoErrorCodes.CompileError, $"rules must not shadow {rule.Name} (use a different rule name)", rule.Location);
                }

                for (var r = rule; r is not null; r = r.Else)
                {
                    foreach (var t in r.HeadTerms())
                    {
                        Term(ctx, t);
                    }

                    Body(ctx, r.Body);
                }
            }
        }
    }

    /// <summary>A query (OPA checks queries in strict mode only): no <c>input</c>/<c>data</c> := ….</summary>
    public static void RunQuery(CompileContext ctx, Expr[] body) => Body(ctx, body);

    private static void Body(CompileContext ctx, Expr[] body)
    {
        foreach (var e in body)
        {
            switch (e)
            {
                case TermExpr { Term: CallTerm { Name: "assign" } c } when c.Args.Length == 2 && RootName(c.Args[0]) is { } name:
                    ctx.Error(RegoErrorCodes.CompileError, $"variables must not shadow {name} (use a different variable name)", e.Location);
                    Term(ctx, c.Args[1]);
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

    /// <summary>Finds assignments inside comprehensions (OPA walks every expression of the module).</summary>
    private static void Term(CompileContext ctx, Term t)
    {
        switch (t)
        {
            case ArrayComprehension ac:
                Body(ctx, ac.Body);
                return;
            case SetComprehension sc:
                Body(ctx, sc.Body);
                return;
            case ObjectComprehension oc:
                Body(ctx, oc.Body);
                return;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            Term(ctx, c);
        }
    }

    private static string? RootName(Term t) => t switch
    {
        VarTerm { Name: var n } when IsRoot(n) => n,
        RefTerm { Head: VarTerm { Name: var n }, Path.Length: 0 } when IsRoot(n) => n,
        _ => null,
    };

    private static bool IsRoot(string name) => name is "input" or "data";
}
