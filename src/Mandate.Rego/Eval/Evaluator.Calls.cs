using System.Text;
using Mandate.Rego.Builtins;
using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

internal sealed partial class Evaluator
{
    /// <summary>A call used as an expression: unification, a call with an output argument, or a test.</summary>
    private bool EvalCallExpr(RegoValue?[] f, CallTerm c, Func<bool> k)
    {
        switch (c.Target)
        {
            case SpecialCall.Unify:
            case SpecialCall.Assign:
                // Fast path: `x := <single value>` binds without continuations.
                if (c.Args[0] is VarTerm { Slot: >= 0 } lv && f[lv.Slot] is null && TryEvalDirect(f, c.Args[1], out var rhs))
                {
                    return rhs is null || UnifyValue(f, lv, rhs, k);
                }

                if (TryEvalDirect(f, c.Args[0], out var lhs) && lhs is not null && TryEvalDirect(f, c.Args[1], out var rhs2))
                {
                    return rhs2 is null || !lhs.Equals(rhs2) || k();
                }

                return Unify(f, c.Args[0], c.Args[1], k);
            case SpecialCall.Walk when c.Args.Length == 2:
                return EvalTerm(f, c.Args[0], root => EvalWalk(f, root, c.Args[1], k));
        }

        if (Compile.Stages.CheckSafety.HasOutputArg(c))
        {
            var inputs = c.Args[..^1];
            var output = c.Args[^1];
            return EvalArgs(f, inputs, 0, new RegoValue[inputs.Length], args =>
            {
                var result = Invoke(f, c, args);
                return result is null || UnifyValue(f, output, result, k);
            });
        }

        if (TryEvalDirect(f, c, out var direct))
        {
            return direct is null || direct.IsFalse || k();
        }

        return EvalCall(f, c, v => v.IsFalse || k());
    }

    /// <summary>A call used as a value.</summary>
    private bool EvalCall(RegoValue?[] f, CallTerm c, Func<RegoValue, bool> k)
    {
        switch (c.Target)
        {
            case SpecialCall.Unify:
            case SpecialCall.Assign:
                return Unify(f, c.Args[0], c.Args[1], () => k(RegoBoolean.True));
            case SpecialCall.Print:
                return EvalPrint(f, c, k);
            case SpecialCall.Trace:
                return k(RegoBoolean.True);
            case SpecialCall.Walk when c.Args.Length == 1:
            {
                // walk(x) as a value: each [path, value] pair is one value.
                return EvalTerm(f, c.Args[0], root => EvalWalkValues(root, k));
            }
        }

        if (Array.Exists(c.Args, a => IsUnboundVar(f, a)))
        {
            // Bare variables bound by iterating another argument's ref are evaluated last.
            var order = Enumerable.Range(0, c.Args.Length).OrderBy(i => IsUnboundVar(f, c.Args[i]) ? 1 : 0).ToArray();
            return EvalArgsInOrder(f, c.Args, order, 0, new RegoValue[c.Args.Length], args =>
            {
                var result = Invoke(f, c, args);
                return result is null || k(result);
            });
        }

        return EvalArgs(f, c.Args, 0, new RegoValue[c.Args.Length], args =>
        {
            var result = Invoke(f, c, args);
            return result is null || k(result);
        });
    }

    private bool EvalArgsInOrder(RegoValue?[] f, Term[] args, int[] order, int i, RegoValue[] acc, Func<RegoValue[], bool> k)
    {
        if (i == order.Length)
        {
            return k(acc);
        }

        var at = order[i];
        return EvalTerm(f, args[at], v =>
        {
            acc[at] = v;
            return EvalArgsInOrder(f, args, order, i + 1, acc, k);
        });
    }

    private bool EvalArgs(RegoValue?[] f, Term[] args, int i, RegoValue[] acc, Func<RegoValue[], bool> k)
    {
        if (i == args.Length)
        {
            return k(acc);
        }

        return EvalTerm(f, args[i], v =>
        {
            acc[i] = v;
            return EvalArgs(f, args, i + 1, acc, k);
        });
    }

    /// <summary>Calls the target (after applying <c>with</c> mocks); null means undefined.</summary>
    private RegoValue? Invoke(RegoValue?[] f, CallTerm c, RegoValue[] args)
    {
        var target = c.Target;
        if (target is DynamicCallTarget dyn)
        {
            target = ResolveDynamic(f, dyn.Ref);
            if (target is null)
            {
                return null;
            }
        }

        if (_mocks is not null && target is not null && _mocks.TryGetValue(target, out var mock))
        {
            if (mock is RegoValue constant)
            {
                return constant;
            }

            // Inside a replacement the mocks do not apply (a mock may call the function it replaces).
            var saved = _mocks;
            _mocks = null;
            try
            {
                return mock switch
                {
                    BuiltinDefinition d => InvokeBuiltin(d, args, c.Location),
                    RuleNode n => CallFunction(n, args, c.Location),
                    _ => null,
                };
            }
            finally
            {
                _mocks = saved;
            }
        }

        switch (target)
        {
            case BuiltinDefinition def:
                return InvokeBuiltin(def, args, c.Location);
            case RuleNode node:
                return CallFunction(node, args, c.Location);
            default:
                throw new RegoEvalException(RegoErrorCodes.EvalInternalError, $"cannot call {c.Name}", c.Location);
        }
    }

    private RegoValue? InvokeBuiltin(BuiltinDefinition def, RegoValue[] args, SourceLocation at)
    {
        try
        {
            return def.Invoke(_bctx, args.AsSpan(0, def.Arity), at);
        }
        catch (RegoEvalException e) when (e.Code is RegoErrorCodes.EvalTypeError or RegoErrorCodes.EvalBuiltinError)
        {
            // OPA: a builtin error makes the expression undefined; in strict mode the first one fails the query.
            if (_bctx.StrictBuiltinErrors)
            {
                _firstBuiltinError ??= e.Error;
            }

            return null;
        }
    }

    private object? ResolveDynamic(RegoValue?[] f, RefTerm r)
    {
        var names = new List<string>();
        var node = _policy.Root;
        foreach (var p in r.Path)
        {
            RegoValue? key = null;
            EvalTerm(f, p, v =>
            {
                key = v;
                return false;
            });
            if (key is not RegoString s || !node.Children.TryGetValue(s.Value, out node))
            {
                return null;
            }
        }

        return node.IsFunction ? node : null;
    }

    private bool EvalPrint(RegoValue?[] f, CallTerm c, Func<RegoValue, bool> k)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < c.Args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            var any = false;
            EvalTerm(f, c.Args[i], v =>
            {
                any = true;
                sb.Append(v is RegoString s ? s.Value : v.ToString());
                return false;
            });
            if (!any)
            {
                sb.Append("<undefined>");
            }
        }

        var line = sb.ToString();
        PrintOutput.Add(line);
        _options.Print?.Invoke(line);
        return k(RegoBoolean.True);
    }

    private bool EvalWalkValues(RegoValue root, Func<RegoValue, bool> k)
    {
        var path = new List<RegoValue>();
        bool Visit(RegoValue v)
        {
            _bctx.CheckInterrupt();
            if (!k(RegoArray.From(RegoArray.Own(path.ToArray()), v)))
            {
                return false;
            }

            return IterateCollection(v, (key, child) =>
            {
                path.Add(key);
                var go = Visit(child);
                path.RemoveAt(path.Count - 1);
                return go;
            });
        }

        return Visit(root);
    }

    /// <summary><c>walk(x, [path, value])</c>: every node of x with its path, x itself first.</summary>
    private bool EvalWalk(RegoValue?[] f, RegoValue root, Term output, Func<bool> k) =>
        EvalWalkValues(root, pair => UnifyValue(f, output, pair, k));
}
