using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// One walk over every resolved builtin call for OPA's CheckDeprecatedBuiltins stage
/// (<see cref="CheckDeprecatedBuiltins"/>: calls to deprecated builtins in strict mode and v1 modules).
/// Type errors come earlier, from <see cref="CheckTypes"/>. A call that is a whole body expression is
/// "top level": OPA reports it at the expression; any other call at its operator.
/// </summary>
internal sealed class CheckBuiltinCalls : AstVisitor
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
                    walk.VisitHead(r);
                    walk.VisitBody(r.Body);
                }
            }
        }

        ctx.Errors.AddRange(walk._deprecated);
    }

    /// <summary>A resolved query: deprecated builtins (OPA checks queries for them in strict mode only).</summary>
    public static void RunQuery(CompileContext ctx, Expr[] body)
    {
        var walk = new CheckBuiltinCalls { _checkDeprecated = true };
        walk.VisitBody(body);
        ctx.Errors.AddRange(walk._deprecated);
    }

    protected override void VisitTermExpr(TermExpr e)
    {
        if (e.Term is CallTerm { Target: BuiltinDefinition def } c)
        {
            Call(def, c, e.Location);
            return;
        }

        base.VisitTermExpr(e);
    }

    protected override void VisitTerm(Term t)
    {
        if (t is CallTerm { Target: BuiltinDefinition def } c)
        {
            Call(def, c, c.Operator.Location);
            return;
        }

        WalkTerm(t);
    }

    /// <param name="at">The expression when the call is the whole expression, else the operator.</param>
    private void Call(BuiltinDefinition def, CallTerm c, SourceLocation at)
    {
        if (_checkDeprecated && def.Deprecated)
        {
            _deprecated.Add(CheckDeprecatedBuiltins.Error(def, at));
        }

        WalkChildren(c);
    }
}
