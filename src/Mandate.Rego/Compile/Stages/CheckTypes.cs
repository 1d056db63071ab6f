using Mandate.Rego.Compile.Types;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// OPA's CheckTypes stage (after its recursion check): type inference over every rule in dependency
/// order (<see cref="CompileContext.DependencyOrder"/>, recorded by <see cref="CheckRecursion"/>), with
/// the <c>rego_type_error</c>s of <see cref="TypeChecker"/>.
/// </summary>
internal static class CheckTypes
{
    public static void Run(CompileContext ctx)
    {
        var checker = new TypeChecker(ctx.Types);
        foreach (var node in ctx.DependencyOrder)
        {
            foreach (var rule in node.Rules)
            {
                CheckChain(checker, node, rule);
            }

            foreach (var fn in node.Functions)
            {
                CheckChain(checker, node, fn);
            }

            if (node.Default is { } d)
            {
                CheckChain(checker, node, d);
            }

            if (node.DefaultFunction is { } df)
            {
                CheckChain(checker, node, df);
            }
        }

        ctx.Errors.AddRange(checker.Errors);
    }

    private static void CheckChain(TypeChecker checker, RuleNode node, Syntax.Ast.Rule head)
    {
        for (var r = head; r is not null; r = r.Else)
        {
            checker.CheckRule(node, r, head);
        }
    }
}
