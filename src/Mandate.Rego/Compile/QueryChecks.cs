using Mandate.Rego.Compile.Stages;
using Mandate.Rego.Compile.Types;
using Mandate.Rego.Syntax.Ast;

namespace Mandate.Rego.Compile;

/// <summary>
/// The checks OPA's query compiler makes on a query given to <see cref="CompiledPolicy.Prepare"/>,
/// besides name resolution and safety: in its stage order, keyword overrides (strict: no <c>input</c>/
/// <c>data</c> := …), local variables (always: declared twice, <c>not x := …</c>, unused <c>some</c>
/// variables; strict: unused <c>:=</c> variables inside the query's closures), types (against the
/// compiled rules' types) and, in strict mode, deprecated builtins. Each stage stops the query on error.
/// </summary>
internal static class QueryChecks
{
    /// <summary>The checks OPA makes before it resolves the query's references.</summary>
    public static void BeforeResolve(CompileContext ctx, Expr[] body)
    {
        if (ctx.Options.Strict)
        {
            CheckKeywordOverrides.RunQuery(ctx, body);
            if (ctx.Errors.Count > 0)
            {
                return;
            }
        }

        CheckLocalVars.RunQuery(ctx, body);
    }

    /// <summary>The checks OPA makes after its safety check, on the resolved, reordered query.</summary>
    public static void AfterSafety(CompileContext ctx, Expr[] body, int slotCount, DataTypes types)
    {
        var checker = new TypeChecker(types);
        checker.CheckQuery(body, slotCount);
        if (checker.Errors.Count > 0)
        {
            ctx.Errors.AddRange(checker.Errors);
            return;
        }

        if (ctx.Options.Strict)
        {
            CheckBuiltinCalls.RunQuery(ctx, body);
        }
    }
}
