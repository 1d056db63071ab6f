using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Evaluates an expression under <c>with</c> modifiers. The replacements apply to the expression only:
    /// the continuation (the rest of the body) runs with the previous input, data and functions.
    /// </summary>
    private bool EvalWith(RegoValue?[] f, Expr e, Func<bool> k)
    {
        var values = new RegoValue?[e.With.Length];
        for (var i = 0; i < e.With.Length; i++)
        {
            if (e.With[i].ValueFunction is null)
            {
                RegoValue? v = null;
                EvalTerm(f, e.With[i].Value, x =>
                {
                    v = x;
                    return false;
                });
                if (v is null)
                {
                    return true;
                }

                values[i] = v;
            }
        }

        var saved = (_input, _data, _cache, _disabled, _mocks);
        for (var i = 0; i < e.With.Length; i++)
        {
            Apply(e.With[i], values[i]);
        }

        _cache = null;
        var inner = (_input, _data, _cache, _disabled, _mocks);
        var stripped = StripWith(e);
        try
        {
            return EvalExpr(f, stripped, () =>
            {
                (_input, _data, _cache, _disabled, _mocks) = saved;
                try
                {
                    return k();
                }
                finally
                {
                    (_input, _data, _cache, _disabled, _mocks) = inner;
                }
            });
        }
        finally
        {
            (_input, _data, _cache, _disabled, _mocks) = saved;
        }
    }

    private static Expr StripWith(Expr e) => e switch
    {
        TermExpr t => new TermExpr(t.Term) { Location = e.Location, Negated = e.Negated },
        SomeInExpr s => new SomeInExpr(s.Key, s.Value, s.Collection) { Location = e.Location, Negated = e.Negated },
        EveryExpr ev => new EveryExpr(ev.Key, ev.Value, ev.Domain, ev.Body) { Location = e.Location, Negated = e.Negated },
        _ => e,
    };

    private void Apply(WithModifier w, RegoValue? value)
    {
        if (w.TargetFunction is { } fn)
        {
            _mocks = _mocks is null ? [] : new Dictionary<object, object>(_mocks);
            _mocks[fn] = w.ValueFunction ?? value!;
            return;
        }

        var (root, path) = w.Target switch
        {
            VarTerm v => (v.Name, Array.Empty<RegoValue>()),
            RefTerm { Head: VarTerm h } r => (h.Name, r.Path.Select(p => ((ScalarTerm)p).Value).ToArray()),
            _ => throw new RegoEvalException(RegoErrorCodes.EvalInternalError, "invalid with target", w.Location),
        };
        if (root == "input")
        {
            _input = path.Length == 0 ? value : Patch(_input ?? RegoObject.Empty, path, 0, value!);
            return;
        }

        _data = Patch(_data, path, 0, value!);
        var node = _policy.Root;
        foreach (var p in path)
        {
            if (p is not RegoString s || !node.Children.TryGetValue(s.Value, out node))
            {
                node = null;
                break;
            }
        }

        _disabled = _disabled is null ? [] : [.. _disabled];
        if (node is not null)
        {
            DisableSubtree(node);
        }
        else
        {
            // The path goes below a rule: replace the rule's whole document by disabling it.
            var n = _policy.Root;
            foreach (var p in path)
            {
                if (p is not RegoString s || !n.Children.TryGetValue(s.Value, out var child))
                {
                    break;
                }

                n = child;
                if (n.HasRules)
                {
                    _data = Patch(_data, n.Path.Select(x => (RegoValue)RegoString.From(x)).ToArray(), 0, MergeIntoRule(n, path, value!));
                    DisableSubtree(n);
                    break;
                }
            }
        }
    }

    private RegoValue MergeIntoRule(RuleNode n, RegoValue[] path, RegoValue value)
    {
        var current = EvalRuleNode(n) ?? RegoObject.Empty;
        return Patch(current, path, n.Path.Length, value);
    }

    private void DisableSubtree(RuleNode node)
    {
        _disabled!.Add(node);
        foreach (var c in node.Children.Values)
        {
            DisableSubtree(c);
        }
    }

    private static RegoValue Patch(RegoValue target, RegoValue[] path, int i, RegoValue value)
    {
        if (i == path.Length)
        {
            return value;
        }

        var obj = target as RegoObject ?? RegoObject.Empty;
        var b = obj.ToBuilder();
        var child = obj[path[i]] ?? RegoObject.Empty;
        b.Set(path[i], Patch(child, path, i + 1, value));
        return b.Build();
    }
}
