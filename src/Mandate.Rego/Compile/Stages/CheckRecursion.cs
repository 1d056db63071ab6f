using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Stage 4: rejects rules and functions that depend on themselves (OPA's rego_recursion_error), so
/// unbounded recursion is a compile error rather than a hang. A reference to a tree node depends on the
/// rules at that node and below it.
/// </summary>
internal static class CheckRecursion
{
    public static void Run(CompileContext ctx)
    {
        var deps = new Dictionary<RuleNode, HashSet<RuleNode>>();
        var all = new List<RuleNode>();
        Collect(ctx.Root, all);
        foreach (var node in all)
        {
            var set = new HashSet<RuleNode>();
            foreach (var rule in node.Rules.Concat(node.Functions).Append(node.Default))
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    foreach (var t in TermsOf(r))
                    {
                        AddDeps(ctx.Root, t, set);
                    }
                }
            }

            deps[node] = set;
        }

        var state = new Dictionary<RuleNode, int>();
        var stack = new List<RuleNode>();
        foreach (var node in all)
        {
            Visit(ctx, node, deps, state, stack);
        }
    }

    private static void Collect(RuleNode n, List<RuleNode> into)
    {
        if (n.HasRules || n.IsFunction)
        {
            into.Add(n);
        }

        foreach (var c in n.Children.Values)
        {
            Collect(c, into);
        }
    }

    private static void Visit(CompileContext ctx, RuleNode n, Dictionary<RuleNode, HashSet<RuleNode>> deps, Dictionary<RuleNode, int> state, List<RuleNode> stack)
    {
        if (state.TryGetValue(n, out var s))
        {
            if (s == 1)
            {
                var cycle = stack.Skip(stack.IndexOf(n)).Append(n).Select(x => x.DisplayPath);
                var at = n.Rules.Count > 0 ? n.Rules[0].Location : n.Functions.Count > 0 ? n.Functions[0].Location : default;
                ctx.Error(RegoErrorCodes.RecursionError, $"rule {n.DisplayPath} is recursive: {string.Join(" -> ", cycle)}", at);
            }

            return;
        }

        state[n] = 1;
        stack.Add(n);
        foreach (var d in deps.GetValueOrDefault(n) ?? [])
        {
            Visit(ctx, d, deps, state, stack);
        }

        stack.RemoveAt(stack.Count - 1);
        state[n] = 2;
        ctx.DependencyOrder.Add(n);
    }

    private static IEnumerable<Term> TermsOf(Rule r)
    {
        foreach (var t in r.HeadTerms())
        {
            yield return t;
        }

        foreach (var e in r.Body)
        {
            foreach (var t in TermsOf(e))
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<Term> TermsOf(Expr e)
    {
        switch (e)
        {
            case TermExpr t:
                yield return t.Term;
                break;
            case SomeInExpr si:
                yield return si.Collection;
                yield return si.Value;
                break;
            case LogicExpr le:
                foreach (var x in le.Left.Concat(le.Right).SelectMany(TermsOf))
                {
                    yield return x;
                }

                break;
            case EveryExpr ev:
                yield return ev.Domain;
                foreach (var x in ev.Body.SelectMany(TermsOf))
                {
                    yield return x;
                }

                break;
        }

        foreach (var w in e.With)
        {
            yield return w.Value;
        }
    }

    private static void AddDeps(RuleNode root, Term t, HashSet<RuleNode> into)
    {
        switch (t)
        {
            case RefTerm { Head: VarTerm { Slot: < 0, Name: "data" } } r:
            {
                var node = root;
                var complete = true;
                foreach (var p in r.Path)
                {
                    if (node.HasRules)
                    {
                        break;
                    }

                    if (p is ScalarTerm { Value: not RegoString })
                    {
                        complete = false;
                        break;
                    }

                    if (p is not ScalarTerm { Value: RegoString s })
                    {
                        break;
                    }

                    if (!node.Children.TryGetValue(s.Value, out var child))
                    {
                        // Base data only: no rule depends on it.
                        complete = false;
                        break;
                    }

                    node = child;
                }

                if (complete)
                {
                    AddSubtree(node, into);
                }

                break;
            }

            case CallTerm { Target: RuleNode fn }:
                into.Add(fn);
                break;
            case ArrayComprehension ac:
                AddDeps(root, ac.Head, into);
                foreach (var x in ac.Body.SelectMany(TermsOf))
                {
                    AddDeps(root, x, into);
                }

                break;
            case SetComprehension sc:
                AddDeps(root, sc.Head, into);
                foreach (var x in sc.Body.SelectMany(TermsOf))
                {
                    AddDeps(root, x, into);
                }

                break;
            case ObjectComprehension oc:
                AddDeps(root, oc.Key, into);
                AddDeps(root, oc.Value, into);
                foreach (var x in oc.Body.SelectMany(TermsOf))
                {
                    AddDeps(root, x, into);
                }

                break;
        }

        foreach (var c in CheckSafety.Children(t))
        {
            AddDeps(root, c, into);
        }
    }

    private static void AddSubtree(RuleNode n, HashSet<RuleNode> into)
    {
        if (n.HasRules || n.IsFunction)
        {
            into.Add(n);
        }

        foreach (var c in n.Children.Values)
        {
            AddSubtree(c, into);
        }
    }
}
