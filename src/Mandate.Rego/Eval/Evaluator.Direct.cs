using Mandate.Rego.Builtins;
using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>
/// The fast path: most terms in real policies have at most one value (<c>input.resource.type</c>,
/// <c>sprintf(…)</c>, a bound variable). Evaluating those directly avoids allocating continuations.
/// Each method returns false when the term may have several values (it iterates), and the caller falls
/// back to the general path; when it returns true, <c>value</c> is the value or null for undefined.
/// </summary>
internal sealed partial class Evaluator
{
    private bool TryEvalDirect(RegoValue?[] f, Term t, out RegoValue? value)
    {
        switch (t)
        {
            case ScalarTerm s:
                value = s.Value;
                return true;
            case VarTerm v:
                if (v.Slot < 0)
                {
                    value = v.Name == "input" ? _input : BuildDocument(_policy.Root, _data);
                    return true;
                }

                value = f[v.Slot];
                return value is not null;
            case RefTerm r:
                return TryEvalRefDirect(f, r, out value);
            case CallTerm c when c.Target is BuiltinDefinition or RuleNode && !Compile.Stages.CheckSafety.HasOutputArg(c):
            {
                var args = new RegoValue[c.Args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    if (!TryEvalDirect(f, c.Args[i], out var a))
                    {
                        value = null;
                        return false;
                    }

                    if (a is null)
                    {
                        value = null;
                        return true;
                    }

                    args[i] = a;
                }

                value = Invoke(f, c, args);
                return true;
            }

            case ArrayTerm a:
            {
                var items = new RegoValue[a.Items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    if (!TryEvalDirect(f, a.Items[i], out var item))
                    {
                        value = null;
                        return false;
                    }

                    if (item is null)
                    {
                        value = null;
                        return true;
                    }

                    items[i] = item;
                }

                value = RegoArray.Own(items);
                return true;
            }

            default:
                value = null;
                return false;
        }
    }

    private bool TryEvalRefDirect(RegoValue?[] f, RefTerm r, out RegoValue? value)
    {
        value = null;
        RegoValue? current;
        var i = 0;
        var dataKeys = false;
        switch (r.Head)
        {
            case VarTerm { Slot: < 0, Name: "data" }:
            {
                dataKeys = true;
                RuleNode? node = _policy.Root;
                RegoValue? baseValue = _data;
                for (; i < r.Path.Length; i++)
                {
                    if (node is null || node.HasRules || !node.HasVirtualContent() || (_disabled is not null && _disabled.Contains(node)))
                    {
                        break;
                    }

                    if (!TryEvalDirect(f, r.Path[i], out var key))
                    {
                        return false;
                    }

                    if (key is null)
                    {
                        return true;
                    }

                    baseValue = baseValue is null ? null : LookupKey(baseValue, key, dataKeys: true);
                    node = key is RegoString ks && node.Children.TryGetValue(ks.Value, out var child) ? child : null;
                }

                if (node is not null && node.HasVirtualContent() && (_disabled is null || !_disabled.Contains(node)))
                {
                    current = node.HasRules ? EvalRuleNode(node) : BuildDocument(node, baseValue);
                }
                else
                {
                    current = baseValue;
                }

                break;
            }

            case VarTerm { Slot: < 0 }:
                current = _input;
                break;
            case VarTerm v:
                current = f[v.Slot];
                if (current is null)
                {
                    return false;
                }

                break;
            default:
                if (!TryEvalDirect(f, r.Head, out current))
                {
                    return false;
                }

                break;
        }

        for (; i < r.Path.Length; i++)
        {
            if (current is null)
            {
                return true;
            }

            if (!TryEvalDirect(f, r.Path[i], out var key))
            {
                return false;
            }

            if (key is null)
            {
                return true;
            }

            current = LookupKey(current, key, dataKeys);
        }

        value = current;
        return true;
    }
}
