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
        var index = _mocks is null ? RuleIndex.For(node) : null;
        var matching = index is null ? [] : IndexedRules(index);
        var nextMatch = 0;
        try
        {
            for (var position = 0; position < node.Rules.Count; position++)
            {
                // A rule whose first test reads a different input value than its constant has no solution.
                if (index is not null && index.FieldOfRule[position] >= 0)
                {
                    if (nextMatch == matching.Length || matching[nextMatch] != position)
                    {
                        continue;
                    }

                    nextMatch++;
                }

                var rule = node.Rules[position];
                var suffix = node.SuffixStart[rule];
                if (suffix == rule.HeadRef.Length && !rule.IsMultiValue)
                {
                    if (EvalChainValue(rule) is { } v)
                    {
                        if (complete is not null && !complete.Equals(v))
                        {
                            throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "complete rules must not produce multiple outputs", rule.Location);
                        }

                        complete = v;
                    }
                }
                else if (suffix == rule.HeadRef.Length)
                {
                    set ??= RentSetBuilder();
                    EvalSetRule(rule, set);
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
        }
        finally
        {
            if (set is not null)
            {
                ReturnSetBuilder(set);
            }
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
            complete = EvalChainValue(def);
        }

        return complete;
    }

    /// <summary>The positions of the indexed rules whose constant equals the input's value, ascending.</summary>
    private int[] IndexedRules(RuleIndex index)
    {
        var value = _input;
        foreach (var key in index.Field)
        {
            value = value is null ? null : Lookup(value, key);
        }

        return value is not null && index.RulesByValue.TryGetValue(value, out var rules) ? rules : [];
    }

    /// <summary>
    /// The value of a complete rule (first rule of its else chain with a solution), or null. All solutions
    /// of that rule must agree. Bodies whose expressions each have one outcome run without continuations.
    /// </summary>
    private RegoValue? EvalChainValue(Rule rule)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            var frame = RentArray(r.SlotCount);
            try
            {
                var next = RunDirect(frame, r.Body);
                if (next < 0)
                {
                    continue;
                }

                if (next == r.Body.Length)
                {
                    if (r.Value is null)
                    {
                        return RegoBoolean.True;
                    }

                    if (TryEvalDirect(frame, r.Value, out var direct))
                    {
                        if (direct is not null)
                        {
                            return direct;
                        }

                        continue;
                    }
                }

                if (EvalCompleteBody(frame, rule, r, next) is { } value)
                {
                    return value;
                }
            }
            finally
            {
                ReturnArray(frame);
            }
        }

        return null;
    }

    /// <summary>The general path of <see cref="EvalChainValue"/>: every solution from body[next..] must agree.</summary>
    private RegoValue? EvalCompleteBody(RegoValue?[] frame, Rule chain, Rule r, int next)
    {
        RegoValue? value = null;
        var head = r.Value;
        EvalBody(frame, r.Body, next, () => head is null
            ? Accept(ref value, RegoBoolean.True, chain)
            : EvalTerm(frame, head, v => Accept(ref value, v, chain)));
        return value;
    }

    private static bool Accept(ref RegoValue? current, RegoValue next, Rule rule)
    {
        if (current is not null && !current.Equals(next))
        {
            throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "complete rules must not produce multiple outputs", rule.Location);
        }

        current = next;
        return true;
    }

    /// <summary>A partial set rule (<c>p contains x if …</c>): adds each solution's key to the set.</summary>
    private void EvalSetRule(Rule rule, RegoSet.Builder set)
    {
        // Rego has no `else` on multi-value rules; should one slip through, it acts as in complete rules.
        for (var r = rule; r is not null && !AddSetElements(r, rule.Key!, set); r = r.Else)
        {
        }
    }

    /// <summary>One body of a set rule; true when it had a solution.</summary>
    private bool AddSetElements(Rule r, Term key, RegoSet.Builder set)
    {
        var frame = RentArray(r.SlotCount);
        try
        {
            var next = RunDirect(frame, r.Body);
            if (next == r.Body.Length && TryEvalDirect(frame, key, out var element))
            {
                return element is not null && (set.Add(element) | true);
            }

            return next >= 0 && AddSetSolutions(frame, r, next, key, set);
        }
        finally
        {
            ReturnArray(frame);
        }
    }

    /// <summary>The general path of <see cref="AddSetElements"/>: each solution of body[next..] adds its key.</summary>
    private bool AddSetSolutions(RegoValue?[] frame, Rule r, int next, Term key, RegoSet.Builder set)
    {
        var any = false;
        EvalBody(frame, r.Body, next, () => EvalTerm(frame, key, k =>
        {
            any = true;
            set.Add(k);
            return true;
        }));
        return any;
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
            var frame = RentArray(r.SlotCount);
            var any = false;
            try
            {
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
            }
            finally
            {
                ReturnArray(frame);
            }

            if (any)
            {
                return;
            }
        }
    }
}
