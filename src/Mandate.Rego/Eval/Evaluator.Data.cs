using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>References into <c>data</c>: base documents merged with the virtual documents rules define.</summary>
internal sealed partial class Evaluator
{
    /// <summary>Walks <c>data</c>: virtual documents (rules) where the tree has them, base documents elsewhere.</summary>
    private bool EvalDataPath(RegoValue?[] f, RefTerm r, int i, RuleNode? node, RegoValue? baseValue, Func<RegoValue, bool> k)
    {
        if (node is not null && _disabled is not null && _disabled.Contains(node))
        {
            node = null;
        }

        if (node is null || !node.HasVirtualContent())
        {
            return baseValue is null || EvalPath(f, r.Path, i, baseValue, k, dataKeys: true);
        }

        if (node.HasRules)
        {
            // Where base data and a rule overlap, the base document wins (as in OPA).
            var value = baseValue ?? EvalRuleNode(node);
            return value is null || EvalPath(f, r.Path, i, value, k, dataKeys: ReferenceEquals(value, baseValue));
        }

        if (i == r.Path.Length)
        {
            var doc = BuildDocument(node, baseValue);
            return doc is null || k(doc);
        }

        var elem = r.Path[i];
        if (IsUnboundVar(f, elem))
        {
            var v = (VarTerm)elem;
            var doc = BuildDocument(node, baseValue);
            return doc is null || IterateCollection(doc, (key, child) =>
            {
                f[v.Slot] = key;
                var go = EvalPath(f, r.Path, i + 1, child, k);
                f[v.Slot] = null;
                return go;
            });
        }

        return EvalTerm(f, elem, key =>
        {
            var childBase = baseValue is null ? null : LookupKey(baseValue, key, dataKeys: true);
            if (key is RegoString ks && node.Children.TryGetValue(ks.Value, out var child))
            {
                return EvalDataPath(f, r, i + 1, child, childBase, k);
            }

            return childBase is null || EvalPath(f, r.Path, i + 1, childBase, k, dataKeys: true);
        });
    }

    private static bool IsZeroArity(RuleNode node) =>
        (node.Functions.Count > 0 ? node.Functions[0] : node.DefaultFunction)?.Args is { Length: 0 };

    /// <summary>The full document at a tree node: base data merged with the values of the rules under it.</summary>
    private RegoValue? BuildDocument(RuleNode? node, RegoValue? baseValue)
    {
        if (node is null || (_disabled is not null && _disabled.Contains(node)) || !node.HasVirtualContent())
        {
            return baseValue;
        }

        if (node.HasRules)
        {
            return EvalRuleNode(node);
        }

        if (node.IsFunction)
        {
            // A zero-arity function is part of its package's document, as in OPA (`f() := 1`).
            return IsZeroArity(node) ? CallFunction(node, [], default) : baseValue;
        }

        var b = baseValue is RegoObject bo ? bo.ToBuilder() : new RegoObject.Builder();
        foreach (var (name, child) in node.Children)
        {
            if (child.IsFunction && !child.HasRules && !IsZeroArity(child))
            {
                continue;
            }

            var childBase = baseValue is RegoObject o && o.TryGetValue(name, out var cb) ? cb : null;
            if (childBase is not null && child.HasRules)
            {
                continue;
            }

            var v = BuildDocument(child, childBase);
            if (v is not null)
            {
                b.Set(name, v);
            }
        }

        return b.Build();
    }
}
