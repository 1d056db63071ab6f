using System.Runtime.CompilerServices;
using Mandate.Rego.Builtins;
using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>
/// Top-down evaluator with backtracking. Solutions flow through continuations: each step calls its
/// continuation once per way it can succeed, with variables bound in the frame; bindings are undone when
/// the continuation returns. A continuation returns false to stop the search (negation and existence
/// checks need only one solution). One instance evaluates one query on one thread.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly BuiltinContext _bctx = new();
    private CompiledPolicy _policy = null!;
    private EvalOptions _options = EvalOptions.Default;
    private RegoValue? _input;
    private RegoValue _data = RegoNull.Instance;

    // The rule cache of the current `with` scope (the root cache outside any `with`).
    private Dictionary<RuleNode, RegoValue?>? _cache;
    private HashSet<RuleNode>? _disabled;
    private Dictionary<object, object>? _mocks;
    private int _depth;
    private RegoError? _firstBuiltinError;

    // Instances come from Rent (one idle evaluator per thread), see Evaluator.Pool.cs.
    private Evaluator()
    {
    }

    private List<string>? _printed;

    public List<string> PrintOutput => _printed ??= [];

    /// <summary>Lines printed so far, or an empty list (without allocating one) when nothing printed.</summary>
    public IReadOnlyList<string> Printed => (IReadOnlyList<string>?)_printed ?? [];

    /// <summary>
    /// Runs a compiled query. Returns the frame of each solution (the caller reads variables from it):
    /// a single solution in <paramref name="single"/> (the usual <c>data.pkg.rule = x</c>, run inline),
    /// several in the returned list, none when both are null.
    /// </summary>
    public List<RegoValue?[]>? Run(Expr[] body, int slotCount, out RegoValue?[]? single)
    {
        single = null;
        var frame = new RegoValue?[slotCount];
        List<RegoValue?[]>? rows = null;
        try
        {
            var next = RunDirect(frame, body);
            if (next == body.Length)
            {
                single = frame;
            }
            else if (next >= 0)
            {
                rows = CollectSolutions(frame, body, next);
            }
        }

        catch (InsufficientExecutionStackException)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalLimitError, "evaluation nested too deeply (stack exhausted); the policy recurses without bound", body.Length > 0 ? body[0].Location : default);
        }

        if (_firstBuiltinError is not null)
        {
            throw new RegoEvalException(_firstBuiltinError);
        }

        return rows;
    }

    /// <summary>
    /// Runs a compiled query for the value of one variable (its <paramref name="slot"/>) in the first solution: null when
    /// the query has no solution or leaves the variable unbound. The frame is rented from this evaluator's pool, so the
    /// answer is all that outlives the call (a decision read thousands of times a second builds no rows).
    /// </summary>
    public RegoValue? RunFirst(Expr[] body, int slotCount, int slot)
    {
        var frame = (RegoValue?[])RentArray(slotCount);
        RegoValue? value = null;
        try
        {
            var next = RunDirect(frame, body);
            if (next == body.Length)
            {
                value = frame[slot];
            }
            else if (next >= 0)
            {
                value = FirstSolution(frame, body, next, slot);
            }
        }
        catch (InsufficientExecutionStackException)
        {
            throw new RegoEvalException(RegoErrorCodes.EvalLimitError, "evaluation nested too deeply (stack exhausted); the policy recurses without bound", body.Length > 0 ? body[0].Location : default);
        }
        finally
        {
            ReturnArray(frame);
        }

        if (_firstBuiltinError is not null)
        {
            throw new RegoEvalException(_firstBuiltinError);
        }

        return value;
    }

    // Its own method so the closure's captured state is allocated only on this path, not on every RunFirst.
    private RegoValue? FirstSolution(RegoValue?[] frame, Expr[] body, int next, int slot)
    {
        RegoValue? value = null;
        EvalBody(frame, body, next, () =>
        {
            value = frame[slot];
            return false;
        });
        return value;
    }

    private List<RegoValue?[]> CollectSolutions(RegoValue?[] frame, Expr[] body, int next)
    {
        var list = new List<RegoValue?[]>();
        EvalBody(frame, body, next, () =>
        {
            list.Add((RegoValue?[])frame.Clone());
            return true;
        });
        return list;
    }

    /// <summary>
    /// Runs body[0..] inline while each expression has a single outcome, leaving its bindings in the frame
    /// (the caller owns the frame and discards it). Returns the index of the first expression that may
    /// branch (body.Length when all ran), or -1 when one failed.
    /// </summary>
    private int RunDirect(RegoValue?[] f, Expr[] body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            _bctx.CheckInterrupt();
            switch (TryEvalExprDirect(f, body[i], out _))
            {
                case DirectOutcome.Fails:
                    return -1;
                case DirectOutcome.NotDirect:
                    return i;
            }
        }

        return body.Length;
    }

    /// <summary>
    /// Evaluates body[i..] and calls <paramref name="k"/> for each solution. Leading expressions with a
    /// single outcome run inline (no continuation); the first one that may branch takes the general path.
    /// </summary>
    private bool EvalBody(RegoValue?[] f, Expr[] body, int i, Func<bool> k)
    {
        // Slots bound inline are unbound on the way out, which is the backtracking undo for this level.
        Span<int> bound = stackalloc int[8];
        var count = 0;
        try
        {
            for (; i < body.Length; i++)
            {
                _bctx.CheckInterrupt();
                var outcome = TryEvalExprDirect(f, body[i], out var slot);
                if (outcome == DirectOutcome.Fails)
                {
                    return true;
                }

                if (outcome == DirectOutcome.NotDirect)
                {
                    break;
                }

                if (slot >= 0)
                {
                    if (count == bound.Length)
                    {
                        var larger = new int[count * 2];
                        bound.CopyTo(larger);
                        bound = larger;
                    }

                    bound[count++] = slot;
                }
            }

            if (i == body.Length)
            {
                return k();
            }

            return TryIterateInline(f, body, i, k, out var iterated) ? iterated : EvalBranching(f, body, i, k);
        }
        finally
        {
            for (var n = 0; n < count; n++)
            {
                f[bound[n]] = null;
            }
        }
    }

    // Apart from EvalBody so that its continuation (a closure over the parameters) is only allocated
    // when an expression branches: C# creates a method's closure object on entry.
    private bool EvalBranching(RegoValue?[] f, Expr[] body, int i, Func<bool> k) =>
        i + 1 == body.Length ? EvalExpr(f, body[i], k) : EvalExpr(f, body[i], () => EvalBody(f, body, i + 1, k));

    private bool EvalExpr(RegoValue?[] f, Expr e, Func<bool> k)
    {
        _bctx.CheckInterrupt();
        if (e.With.Length > 0)
        {
            return EvalWith(f, e, k);
        }

        if (e.Negated)
        {
            var found = false;
            EvalExprInner(f, e, () =>
            {
                found = true;
                return false;
            });
            return found || k();
        }

        return EvalExprInner(f, e, k);
    }

    private bool EvalExprInner(RegoValue?[] f, Expr e, Func<bool> k)
    {
        switch (e)
        {
            case TermExpr { Term: CallTerm c }:
                return EvalCallExpr(f, c, k);
            case TermExpr t:
                return EvalTruthy(f, t.Term, k);
            case SomeDeclExpr:
                return k();
            case SomeInExpr si:
                return EvalSomeIn(f, si, k);
            case EveryExpr ev:
                return EvalEvery(f, ev, k);
            case LogicExpr le:
            {
                var holds = le.Op switch
                {
                    "and" => Exists(f, le.Left) && Exists(f, le.Right),
                    "or" => Exists(f, le.Left) || Exists(f, le.Right),
                    _ => Exists(f, le.Left),
                };
                return !holds || k();
            }

            default:
                throw new InvalidOperationException("unknown expression " + e.GetType().Name);
        }
    }

    private bool EvalTruthy(RegoValue?[] f, Term t, Func<bool> k) => EvalTerm(f, t, v => v.IsFalse || k());

    /// <summary>True when the body has at least one solution (bindings are undone).</summary>
    private bool Exists(RegoValue?[] f, Expr[] body)
    {
        var found = false;
        EvalBody(f, body, 0, () =>
        {
            found = true;
            return false;
        });
        return found;
    }

    private bool EvalSomeIn(RegoValue?[] f, SomeInExpr si, Func<bool> k) =>
        EvalTerm(f, si.Collection, coll =>
        {
            switch (coll)
            {
                case RegoArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        var idx = RegoNumber.From(i);
                        var item = a[i];
                        var go = si.Key is null
                            ? UnifyValue(f, si.Value, item, k)
                            : UnifyValue(f, si.Key, idx, () => UnifyValue(f, si.Value, item, k));
                        if (!go)
                        {
                            return false;
                        }
                    }

                    return true;
                case RegoObject o:
                    for (var i = 0; i < o.Count; i++)
                    {
                        var key = o.Keys[i];
                        var val = o.Values[i];
                        var go = si.Key is null
                            ? UnifyValue(f, si.Value, val, k)
                            : UnifyValue(f, si.Key, key, () => UnifyValue(f, si.Value, val, k));
                        if (!go)
                        {
                            return false;
                        }
                    }

                    return true;
                case RegoSet s:
                    foreach (var item in s.Items)
                    {
                        var go = si.Key is null
                            ? UnifyValue(f, si.Value, item, k)
                            : UnifyValue(f, si.Key, item, () => UnifyValue(f, si.Value, item, k));
                        if (!go)
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return true;
            }
        });

    /// <summary><c>every</c>: true when the body holds for each element (vacuously for empty or non-collections).</summary>
    private bool EvalEvery(RegoValue?[] f, EveryExpr ev, Func<bool> k) =>
        EvalTerm(f, ev.Domain, domain =>
        {
            var all = true;
            void Check(RegoValue key, RegoValue value)
            {
                if (!all)
                {
                    return;
                }

                var ok = false;
                Func<bool> body = () => EvalBody(f, ev.Body, 0, () =>
                {
                    ok = true;
                    return false;
                });
                if (ev.Key is null)
                {
                    UnifyValue(f, ev.Value, value, body);
                }
                else
                {
                    UnifyValue(f, ev.Key, key, () => UnifyValue(f, ev.Value, value, body));
                }

                all = ok;
            }

            switch (domain)
            {
                case RegoArray a:
                    for (var i = 0; i < a.Count && all; i++)
                    {
                        Check(RegoNumber.From(i), a[i]);
                    }

                    break;
                case RegoObject o:
                    for (var i = 0; i < o.Count && all; i++)
                    {
                        Check(o.Keys[i], o.Values[i]);
                    }

                    break;
                case RegoSet s:
                    foreach (var item in s.Items)
                    {
                        Check(item, item);
                    }

                    break;
                default:
                    // OPA: `every` over a non-collection is undefined.
                    return true;
            }

            return !all || k();
        });

    private void EnterCall(SourceLocation at)
    {
        if (++_depth > _bctx.Limits.MaxCallDepth)
        {
            _depth = 0;
            throw new RegoEvalException(RegoErrorCodes.EvalLimitError, $"maximum call depth {_bctx.Limits.MaxCallDepth} exceeded (EvalLimits.MaxCallDepth)", at);
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        _bctx.CheckDeadlineNow();
    }

    private void ExitCall() => _depth--;
}
