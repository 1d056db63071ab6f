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
    private enum DirectOutcome
    {
        NotDirect,
        Succeeds,
        Fails,
    }

    /// <summary>
    /// Runs an expression with exactly one outcome inline: a test, or <c>x := value</c> binding an unbound
    /// variable (returned in <paramref name="boundSlot"/> for undo). NotDirect when it may branch.
    /// </summary>
    private DirectOutcome TryEvalExprDirect(RegoValue?[] f, Expr e, out int boundSlot)
    {
        boundSlot = -1;
        if (e.With.Length > 0 || e is not TermExpr t)
        {
            return DirectOutcome.NotDirect;
        }

        if (t.Term is CallTerm { Target: SpecialCall.Unify or SpecialCall.Assign } u)
        {
            if (e.Negated)
            {
                return DirectOutcome.NotDirect;
            }

            if (u.Args[0] is VarTerm { Slot: >= 0 } lv && f[lv.Slot] is null)
            {
                if (!TryEvalDirect(f, u.Args[1], out var rhs))
                {
                    return DirectOutcome.NotDirect;
                }

                if (rhs is null)
                {
                    return DirectOutcome.Fails;
                }

                f[lv.Slot] = rhs;
                boundSlot = lv.Slot;
                return DirectOutcome.Succeeds;
            }

            // `data.pkg.rule = x` (the usual query): the same binding written the other way round.
            if (u.Target is SpecialCall.Unify && u.Args[1] is VarTerm { Slot: >= 0 } rv && f[rv.Slot] is null)
            {
                if (!TryEvalDirect(f, u.Args[0], out var lhs))
                {
                    return DirectOutcome.NotDirect;
                }

                if (lhs is null)
                {
                    return DirectOutcome.Fails;
                }

                f[rv.Slot] = lhs;
                boundSlot = rv.Slot;
                return DirectOutcome.Succeeds;
            }

            if (TryEvalDirect(f, u.Args[0], out var l) && TryEvalDirect(f, u.Args[1], out var r))
            {
                return l is not null && r is not null && l.Equals(r) ? DirectOutcome.Succeeds : DirectOutcome.Fails;
            }

            return DirectOutcome.NotDirect;
        }

        if (t.Term is CallTerm { Target: SpecialCall } || !TryEvalDirect(f, t.Term, out var v))
        {
            return DirectOutcome.NotDirect;
        }

        var holds = v is not null && !v.IsFalse;
        return holds != e.Negated ? DirectOutcome.Succeeds : DirectOutcome.Fails;
    }

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
            case CallTerm { Target: BuiltinDefinition { Name: "sprintf" }, Args: [var format, ArrayTerm items] } sprintf when _mocks is null
                && TryFormatDirect(f, format, items, sprintf.Location, out value):
                return true;
            case CallTerm c when c.Target is BuiltinDefinition or RuleNode && !Compile.Stages.CheckSafety.HasOutputArg(c):
            {
                // The argument list is pooled: callees read it during the call only (builtins get a span,
                // functions bind its elements), so it is free again when Invoke returns.
                var args = RentArray(c.Args.Length);
                try
                {
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
                finally
                {
                    ReturnArray(args);
                }
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

    /// <summary>
    /// <c>sprintf(format, [a, b, …])</c> with the array written in place (how messages are built): the items go to the
    /// formatter from a pooled buffer instead of becoming an array value first, so the message is all the call allocates.
    /// False when the general path must run it (an item that branches, a verb the fast formatter leaves to Go's rules);
    /// undefined items make the call undefined, as in the general path.
    /// </summary>
    private bool TryFormatDirect(RegoValue?[] f, Term format, ArrayTerm items, SourceLocation at, out RegoValue? value)
    {
        value = null;
        if (!TryEvalDirect(f, format, out var formatValue))
        {
            return false;
        }

        if (formatValue is not RegoString text)
        {
            // Undefined: so is the call. Not a string: the general path reports the type error.
            return formatValue is null;
        }

        var buffer = RentArray(items.Items.Length);
        try
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                if (!TryEvalDirect(f, items.Items[i], out var item))
                {
                    return false;
                }

                if (item is null)
                {
                    return true;
                }

                buffer[i] = item;
            }

            // As BuiltinDefinition.Invoke does: the output limit and its error name this call.
            _bctx.BeginCall("sprintf", at);
            value = Builtins.Sprintf.TryFormatQuickly(_bctx, text.Value, buffer);
            return value is not null;
        }
        finally
        {
            ReturnArray(buffer);
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
                    current = node.HasRules ? baseValue ?? EvalRuleNode(node) : BuildDocument(node, baseValue);
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

            // Constant string segments into objects (`input.resource.proposed_state.tags`: nearly every
            // segment of a real policy) go straight to the object's ordinal lookup, skipping the term
            // switch and the general key lookup; the result is the same as LookupKey's for string keys.
            if (current is RegoObject obj && r.Path[i] is ScalarTerm { Value: RegoString segment })
            {
                current = obj.TryGetValue(segment.Value, out var child) ? child : null;
                continue;
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
