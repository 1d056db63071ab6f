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
        var walk = new AssignmentWalk(ctx);
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
                    walk.Rule(r);
                }
            }
        }
    }

    /// <summary>A query (OPA checks queries in strict mode only): no <c>input</c>/<c>data</c> := ….</summary>
    public static void RunQuery(CompileContext ctx, Expr[] body) => new AssignmentWalk(ctx).Body(body);

    /// <summary>Finds <c>input := …</c> / <c>data := …</c> in every expression, comprehensions included (as OPA).</summary>
    private sealed class AssignmentWalk(CompileContext ctx) : AstVisitor
    {
        public void Rule(Rule r)
        {
            VisitHead(r);
            VisitBody(r.Body);
        }

        public void Body(Expr[] body) => VisitBody(body);

        protected override void VisitTermExpr(TermExpr e)
        {
            if (e.Term is CallTerm { Name: "assign" } c && c.Args.Length == 2 && RootName(c.Args[0]) is { } name)
            {
                ctx.Error(RegoErrorCodes.CompileError, $"variables must not shadow {name} (use a different variable name)", e.Location);
                VisitTerm(c.Args[1]);
                return;
            }

            base.VisitTermExpr(e);
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
