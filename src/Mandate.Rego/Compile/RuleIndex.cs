using System.Runtime.CompilerServices;
using Mandate.Rego.Builtins;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile;

/// <summary>
/// OPA-style rule indexing for the rules of one node: a rule whose body starts with a test of an input
/// field against a constant (<c>input.resource.resource_type == "aws_s3_bucket"</c>) cannot have a
/// solution when the field differs, so the evaluator reads each such field once and evaluates only the
/// rules whose constant matches (plus the rules without such a test), in their original order. Only the
/// first expression counts: skipping a rule then skips nothing that could have printed or failed.
/// Built once per node on first use (the compiled tree is immutable) and shared by all threads.
/// </summary>
internal sealed class RuleIndex
{
    // Below this many rules a node is cheaper to evaluate rule by rule.
    private const int MinRules = 4;

    private static readonly ConditionalWeakTable<RuleNode, RuleIndex> Cache = new();

    // Stands for "this node is not indexed" in the cache, which cannot hold null.
    private static readonly RuleIndex None = new([], [], new Dictionary<RegoValue, int[]>());

    private RuleIndex(RegoValue[] field, int[] fieldOfRule, Dictionary<RegoValue, int[]> rulesByValue)
    {
        Field = field;
        FieldOfRule = fieldOfRule;
        RulesByValue = rulesByValue;
    }

    /// <summary>The input path the indexed rules test, e.g. <c>["resource", "resource_type"]</c>.</summary>
    public RegoValue[] Field { get; }

    /// <summary>Per rule (by position in <see cref="RuleNode.Rules"/>): 0 when indexed, -1 when always evaluated.</summary>
    public int[] FieldOfRule { get; }

    /// <summary>The indexed rules (positions, ascending) by the constant they compare the field with.</summary>
    public Dictionary<RegoValue, int[]> RulesByValue { get; }

    /// <summary>The node's index, or null when too few of its rules start with an indexable test.</summary>
    public static RuleIndex? For(RuleNode node)
    {
        if (node.Rules.Count < MinRules)
        {
            return null;
        }

        if (!Cache.TryGetValue(node, out var index))
        {
            index = Build(node) ?? None;
            Cache.AddOrUpdate(node, index);
        }

        return ReferenceEquals(index, None) ? null : index;
    }

    private static RuleIndex? Build(RuleNode node)
    {
        // Index on the field most rules test; rules testing another field (rare) are always evaluated.
        var tests = new (RegoValue[] Path, RegoValue Constant)?[node.Rules.Count];
        for (var r = 0; r < tests.Length; r++)
        {
            var rule = node.Rules[r];
            if (rule.Else is null && rule.Body.Length > 0 && TryReadTest(rule.Body[0], out var path, out var constant))
            {
                tests[r] = (path, constant);
            }
        }

        var field = tests.Where(t => t is not null).Select(t => t!.Value.Path)
            .GroupBy(p => string.Join('\u0000', p.Select(k => k.ToString())))
            .MaxBy(g => g.Count());
        if (field is null || field.Count() < MinRules)
        {
            return null;
        }

        var path0 = field.First();
        var fieldOfRule = new int[tests.Length];
        var lists = new Dictionary<RegoValue, List<int>>(RegoValueComparer.Instance);
        for (var r = 0; r < tests.Length; r++)
        {
            if (tests[r] is not { } test || !test.Path.AsSpan().SequenceEqual(path0))
            {
                fieldOfRule[r] = -1;
                continue;
            }

            if (!lists.TryGetValue(test.Constant, out var list))
            {
                list = [];
                lists[test.Constant] = list;
            }

            list.Add(r);
        }

        return new RuleIndex(path0, fieldOfRule, lists.ToDictionary(e => e.Key, e => e.Value.ToArray(), RegoValueComparer.Instance));
    }

    /// <summary>Reads <c>input.a.b == c</c>, <c>c == input.a.b</c> or <c>input.a.b = c</c> (constant c).</summary>
    private static bool TryReadTest(Expr e, out RegoValue[] path, out RegoValue constant)
    {
        path = [];
        constant = RegoNull.Instance;
        if (e is not TermExpr { Negated: false, Term: CallTerm { Args.Length: 2 } call } || e.With.Length > 0
            || call.Target is not (BuiltinDefinition { Name: "equal" } or SpecialCall.Unify))
        {
            return false;
        }

        var (field, value) = call.Args[0] is ScalarTerm c0 ? (call.Args[1], c0) : (call.Args[0], call.Args[1] as ScalarTerm);
        if (value is null || field is not RefTerm { Head: VarTerm { Slot: < 0, Name: "input" } } r || r.Path.Length == 0)
        {
            return false;
        }

        var keys = new RegoValue[r.Path.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (r.Path[i] is not ScalarTerm key)
            {
                return false;
            }

            keys[i] = key.Value;
        }

        path = keys;
        constant = value.Value;
        return true;
    }
}
