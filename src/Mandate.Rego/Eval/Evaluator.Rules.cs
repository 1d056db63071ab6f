using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

internal sealed partial class Evaluator
{
    /// <summary>The value of the rules at a node (cached per query and per <c>with</c> scope); null when undefined.</summary>
    private RegoValue? EvalRuleNode(RuleNode node)
    {
        if (_cache is not null && _cache.TryGetValue(node, out var cached))
        {
            return cached;
        }

        if (node.ConstantValue is { } constant)
        {
            return constant;
        }

        EnterCall(node.Rules.Count > 0 ? node.Rules[0].Location : default);
        try
        {
            var value = ComputeRuleNode(node);
            (_cache ??= [])[node] = value;
            return value;
        }
        finally
        {
            ExitCall();
        }
    }

    private RegoValue? ComputeRuleNode(RuleNode node)
    {
        RegoValue? complete = null;
        RegoSet.Builder? set = null;
        DocBuilder? doc = null;
        foreach (var rule in node.Rules)
        {
            var suffix = node.SuffixStart[rule];
            if (suffix == rule.HeadRef.Length && !rule.IsMultiValue)
            {
                EvalChain(rule, (_, v) =>
                {
                    if (complete is not null && !complete.Equals(v))
                    {
                        throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "complete rules must not produce multiple outputs", rule.Location);
                    }

                    complete = v;
                });
            }
            else if (suffix == rule.HeadRef.Length)
            {
                set ??= new RegoSet.Builder();
                EvalChain(rule, (frame, _) => EvalTerm(frame, rule.Key!, key =>
                {
                    set.Add(key);
                    return true;
                }));
            }
            else
            {
                doc ??= new DocBuilder();
                EvalRefHeadRule(rule, suffix, doc);
            }
        }

        if (set is not null)
        {
            return set.Build();
        }

        if (doc is not null)
        {
            foreach (var (name, child) in node.Children)
            {
                var v = BuildDocument(child, null);
                if (v is not null)
                {
                    doc.Merge(RegoString.From(name), v, node.Rules[0].Location);
                }
            }

            return doc.Build();
        }

        if (complete is null && node.Default is { } def)
        {
            EvalChain(def, (_, v) => complete ??= v);
        }

        return complete;
    }

    /// <summary>A rule like <c>a.b[x].c contains y</c> or <c>p[k] := v</c>: contributes entries under its node.</summary>
    private void EvalRefHeadRule(Rule rule, int suffix, DocBuilder doc)
    {
        var keys = rule.HeadRef[suffix..];
        EvalChain(rule, (frame, value) =>
        {
            EvalSequence(frame, keys, 0, new RegoValue[keys.Length], path =>
            {
                if (rule.IsMultiValue)
                {
                    return EvalTerm(frame, rule.Key!, key =>
                    {
                        doc.Set((RegoValue[])path.Clone(), key, rule.Location, multi: true);
                        return true;
                    });
                }

                doc.Set((RegoValue[])path.Clone(), value, rule.Location, multi: false);
                return true;
            });
        }, multiValue: rule.IsMultiValue);
    }

    /// <summary>
    /// Evaluates a rule and its else chain; calls <paramref name="onValue"/> per solution with the frame
    /// (still bound) and the head value. The first rule of the chain with a solution wins.
    /// </summary>
    private void EvalChain(Rule rule, Action<RegoValue?[], RegoValue> onValue, bool multiValue = false)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            var frame = new RegoValue?[r.SlotCount];
            var any = false;
            EvalBody(frame, r.Body, 0, () =>
            {
                if (multiValue || r.Value is null)
                {
                    any = true;
                    onValue(frame, RegoBoolean.True);
                    return true;
                }

                return EvalTerm(frame, r.Value, v =>
                {
                    any = true;
                    onValue(frame, v);
                    return true;
                });
            });
            if (any)
            {
                return;
            }
        }
    }

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
                    var frame = new RegoValue?[r.SlotCount];
                    var any = false;
                    var rule = r;
                    BindParams(frame, fn.Args, args, 0, () => EvalBody(frame, rule.Body, 0, () =>
                    {
                        if (rule.Value is null)
                        {
                            any = true;
                            result = Agree(result, RegoBoolean.True, fn);
                            return true;
                        }

                        return EvalTerm(frame, rule.Value, v =>
                        {
                            any = true;
                            result = Agree(result, v, fn);
                            return true;
                        });
                    }));
                    if (any)
                    {
                        break;
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

    /// <summary>Accumulates the nested object a node's ref-head rules generate, detecting conflicts.</summary>
    private sealed class DocBuilder
    {
        private readonly Dictionary<RegoValue, object> _root = new(RegoValueComparer.Instance);

        public void Set(RegoValue[] path, RegoValue value, SourceLocation at, bool multi)
        {
            var level = _root;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (!level.TryGetValue(path[i], out var next))
                {
                    next = new Dictionary<RegoValue, object>(RegoValueComparer.Instance);
                    level[path[i]] = next;
                }

                if (next is not Dictionary<RegoValue, object> d)
                {
                    throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
                }

                level = d;
            }

            var last = path[^1];
            if (multi)
            {
                if (!level.TryGetValue(last, out var existing))
                {
                    existing = new RegoSet.Builder();
                    level[last] = existing;
                }

                if (existing is not RegoSet.Builder sb)
                {
                    throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
                }

                sb.Add(value);
                return;
            }

            if (level.TryGetValue(last, out var old))
            {
                if (old is RegoValue ov && ov.Equals(value))
                {
                    return;
                }

                throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
            }

            level[last] = value;
        }

        /// <summary>Merges a child document (from rules below the node) into the generated object.</summary>
        public void Merge(RegoValue key, RegoValue value, SourceLocation at) => MergeInto(_root, key, value, at);

        private static void MergeInto(Dictionary<RegoValue, object> level, RegoValue key, RegoValue value, SourceLocation at)
        {
            if (!level.TryGetValue(key, out var existing))
            {
                level[key] = value;
                return;
            }

            if (existing is Dictionary<RegoValue, object> d && value is RegoObject o)
            {
                for (var i = 0; i < o.Count; i++)
                {
                    MergeInto(d, o.Keys[i], o.Values[i], at);
                }

                return;
            }

            if (existing is RegoValue ev && ev.Equals(value))
            {
                return;
            }

            if (existing is RegoSet.Builder sb && value is RegoSet set)
            {
                foreach (var item in set.Items)
                {
                    sb.Add(item);
                }

                return;
            }

            throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
        }

        public RegoObject Build() => BuildLevel(_root);

        private static RegoObject BuildLevel(Dictionary<RegoValue, object> level)
        {
            var b = new RegoObject.Builder();
            foreach (var (k, v) in level)
            {
                b.Set(k, v switch
                {
                    RegoValue rv => rv,
                    RegoSet.Builder sb => sb.Build(),
                    Dictionary<RegoValue, object> d => BuildLevel(d),
                    _ => throw new InvalidOperationException(),
                });
            }

            return b.Build();
        }
    }
}
