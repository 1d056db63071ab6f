using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Stage 1: places every rule in the virtual document tree by package plus the constant part of its
/// head, and reports conflicting kinds at one path (OPA's rego_type_error / rego_compile_error).
/// </summary>
internal static class BuildRuleTree
{
    public static void Run(CompileContext ctx)
    {
        foreach (var module in ctx.Modules)
        {
            var pkgNode = ctx.Root;
            foreach (var p in module.Package)
            {
                pkgNode = pkgNode.GetOrAdd(p);
            }

            pkgNode.IsPackage = true;

            foreach (var rule in module.Rules)
            {
                var node = pkgNode.GetOrAdd(rule.Name);
                var i = 1;
                for (; i < rule.HeadRef.Length; i++)
                {
                    if (rule.HeadRef[i] is not ScalarTerm { Value: RegoString s })
                    {
                        break;
                    }

                    // A multi-value or object rule's last constant segment is still a key of the generated
                    // document only when followed by dynamic terms; a fully constant head names the node.
                    node = node.GetOrAdd(s.Value);
                }

                node.SuffixStart[rule] = i;
                if (rule.IsFunction && rule.IsDefault)
                {
                    node.DefaultFunction = rule;
                }
                else if (rule.IsFunction)
                {
                    node.Functions.Add(rule);
                }
                else if (rule.IsDefault)
                {
                    if (node.Default is not null)
                    {
                        ctx.Error(RegoErrorCodes.TypeError, $"multiple default rules {node.DisplayPath} found", rule.Location);
                    }

                    node.Default = rule;
                }
                else
                {
                    node.Rules.Add(rule);
                }
            }
        }

        CheckConflicts(ctx, ctx.Root);
    }

    private static void CheckConflicts(CompileContext ctx, RuleNode node)
    {
        if (node.IsFunction && node.HasRules)
        {
            ctx.Error(RegoErrorCodes.TypeError, $"conflicting rules {node.DisplayPath} found", (node.Functions.Count > 0 ? node.Functions[0] : node.DefaultFunction!).Location);
        }

        var complete = node.Rules.Exists(r => !r.IsMultiValue && node.SuffixStart[r] == r.HeadRef.Length);
        var multi = node.Rules.Exists(r => r.IsMultiValue && node.SuffixStart[r] == r.HeadRef.Length);
        if (complete && multi)
        {
            ctx.Error(RegoErrorCodes.TypeError, $"conflicting rules {node.DisplayPath} found", node.Rules[0].Location);
        }

        if ((complete || multi) && node.Children.Values.Any(c => c.HasVirtualContent()))
        {
            ctx.Error(RegoErrorCodes.TypeError, $"rule {node.DisplayPath} conflicts with rules under it", node.Rules[0].Location);
        }

        foreach (var c in node.Children.Values)
        {
            CheckConflicts(ctx, c);
        }
    }
}
