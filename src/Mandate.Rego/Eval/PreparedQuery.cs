using Mandate.Rego.Compile;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>
/// A query compiled against a policy. Immutable and thread-safe: every <see cref="Evaluate"/> call uses
/// its own evaluator state.
/// </summary>
public sealed class PreparedQuery
{
    private readonly Expr[] _body;
    private readonly int _slots;
    private readonly Dictionary<string, int> _vars;

    internal PreparedQuery(CompiledPolicy policy, Expr[] body, int slots, Dictionary<string, int> vars, string[]? expressionTexts)
    {
        Policy = policy;
        _body = body;
        _slots = slots;
        _vars = vars;
        ExpressionTexts = expressionTexts;
    }

    /// <summary>The source text of each top-level expression when expressions are captured, else null.</summary>
    public IReadOnlyList<string>? ExpressionTexts { get; }

    internal static string CaptureVar(int i) => $"__expr{i}__";

    public CompiledPolicy Policy { get; }

    /// <summary>The query's named variables (the columns of each result row).</summary>
    public IReadOnlyCollection<string> Variables => _vars.Keys.Where(k => !k.StartsWith("__expr", StringComparison.Ordinal)).ToList();

    /// <summary>Evaluates with the given input; throws <see cref="RegoEvalException"/> on evaluation errors.</summary>
    public QueryResult Evaluate(RegoValue? input = null, EvalOptions? options = null)
    {
        var evaluator = new Evaluator(Policy, input, options ?? EvalOptions.Default);
        var rows = evaluator.Run(_body, _slots, _vars);
        if (ExpressionTexts is null)
        {
            return new QueryResult(rows, evaluator.Printed);
        }

        // Split captured expression values out of the variable bindings.
        var values = new List<RegoValue[]>(rows.Count);
        foreach (var row in rows)
        {
            var exprs = new RegoValue[ExpressionTexts.Count];
            for (var i = 0; i < exprs.Length; i++)
            {
                exprs[i] = row.Remove(CaptureVar(i), out var v) ? v : RegoBoolean.True;
            }

            values.Add(exprs);
        }

        return new QueryResult(rows, evaluator.Printed) { ExpressionValues = values };
    }
}

/// <summary>The solutions of a query: one row (variable → value) per solution.</summary>
public sealed class QueryResult(List<Dictionary<string, RegoValue>> rows, IReadOnlyList<string> printed)
{
    public IReadOnlyList<IReadOnlyDictionary<string, RegoValue>> Rows { get; } = rows;

    /// <summary>Per row, the value of each top-level query expression (only when captured at prepare time).</summary>
    public IReadOnlyList<RegoValue[]>? ExpressionValues { get; init; }

    /// <summary>Lines written by <c>print</c> during evaluation.</summary>
    public IReadOnlyList<string> Printed { get; } = printed;

    /// <summary>True when the query had at least one solution.</summary>
    public bool IsDefined => Rows.Count > 0;

    /// <summary>The value of a variable in the first solution, or null.</summary>
    public RegoValue? this[string variable] => Rows.Count > 0 && Rows[0].TryGetValue(variable, out var v) ? v : null;
}
