using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>User-defined functions: each definition whose parameters match the arguments; all must agree.</summary>
internal sealed partial class Evaluator
{
    /// <summary>Calls a user function: each definition whose parameters match; all must agree.</summary>
    private RegoValue? CallFunction(RuleNode node, RegoValue[] args, SourceLocation at)
    {
        EnterCall(at);
        try
        {
            RegoValue? result = null;
            foreach (var fn in node.Functions)
            {
                if (fn.Args!.Length != args.Length && fn.Args.Length != args.Length - 1)
                {
                    continue;
                }

                for (var r = fn; r is not null; r = r.Else)
                {
                    var frame = RentArray(r.SlotCount);
                    try
                    {
                        var outcome = TryCallDirect(frame, fn, r, args, out var direct, out var resumeAt);
                        if (outcome == DirectOutcome.Succeeds)
                        {
                            result = Agree(result, direct!, fn);
                            break;
                        }

                        if (outcome == DirectOutcome.NotDirect && CallDefinition(frame, fn, r, args, resumeAt, ref result))
                        {
                            break;
                        }
                    }
                    finally
                    {
                        ReturnArray(frame);
                    }
                }
            }

            if (result is null && node.DefaultFunction is { Value: { } dv })
            {
                EvalTerm(new RegoValue?[node.DefaultFunction.SlotCount], dv, v =>
                {
                    result = v;
                    return false;
                });
            }

            return result;
        }
        finally
        {
            ExitCall();
        }
    }

    /// <summary>
    /// One definition of a function when its parameters are plain variables and its body and value each
    /// have one outcome: binds, runs and evaluates inline. Fails when the definition does not apply.
    /// NotDirect leaves the frame bound up to <paramref name="resumeAt"/> (-1: nothing ran).
    /// </summary>
    private DirectOutcome TryCallDirect(RegoValue?[] frame, Rule fn, Rule r, RegoValue[] args, out RegoValue? value, out int resumeAt)
    {
        value = null;
        resumeAt = -1;
        var ps = fn.Args!;
        foreach (var p in ps)
        {
            if (p is not VarTerm { Slot: >= 0 })
            {
                return DirectOutcome.NotDirect;
            }
        }

        for (var i = 0; i < ps.Length; i++)
        {
            var slot = ((VarTerm)ps[i]).Slot;
            if (frame[slot] is { } bound)
            {
                // The same variable twice (`f(x, x)`): the arguments must be equal.
                if (!bound.Equals(args[i]))
                {
                    return DirectOutcome.Fails;
                }
            }
            else
            {
                frame[slot] = args[i];
            }
        }

        var next = RunDirect(frame, r.Body);
        if (next < 0)
        {
            return DirectOutcome.Fails;
        }

        if (next < r.Body.Length)
        {
            resumeAt = next;
            return DirectOutcome.NotDirect;
        }

        if (r.Value is null)
        {
            value = RegoBoolean.True;
            return DirectOutcome.Succeeds;
        }

        if (!TryEvalDirect(frame, r.Value, out value))
        {
            resumeAt = next;
            return DirectOutcome.NotDirect;
        }

        return value is null ? DirectOutcome.Fails : DirectOutcome.Succeeds;
    }

    /// <summary>
    /// One definition on the general path, from the start (<paramref name="resumeAt"/> -1) or from where the
    /// inline attempt stopped; true when it produced a value (the else chain stops there).
    /// </summary>
    private bool CallDefinition(RegoValue?[] frame, Rule fn, Rule r, RegoValue[] args, int resumeAt, ref RegoValue? result)
    {
        var any = false;
        var acc = result;
        Func<bool> onSolution = () =>
        {
            if (r.Value is null)
            {
                any = true;
                acc = Agree(acc, RegoBoolean.True, fn);
                return true;
            }

            return EvalTerm(frame, r.Value, v =>
            {
                any = true;
                acc = Agree(acc, v, fn);
                return true;
            });
        };
        if (resumeAt < 0)
        {
            BindParams(frame, fn.Args!, args, 0, () => EvalBody(frame, r.Body, 0, onSolution));
        }
        else
        {
            EvalBody(frame, r.Body, resumeAt, onSolution);
        }

        result = acc;
        return any;
    }

    private static RegoValue Agree(RegoValue? current, RegoValue next, Rule fn)
    {
        if (current is not null && !current.Equals(next))
        {
            throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "functions must not produce multiple outputs for same inputs", fn.Location);
        }

        return next;
    }

    private bool BindParams(RegoValue?[] frame, Term[] ps, RegoValue[] args, int i, Func<bool> k) =>
        i == ps.Length ? k() : UnifyValue(frame, ps[i], args[i], () => BindParams(frame, ps, args, i + 1, k));
}
