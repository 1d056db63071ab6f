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

    internal PreparedQuery(CompiledPolicy policy, Expr[] body, int slots, Dictionary<string, int> vars)
    {
        Policy = policy;
        _body = body;
        _slots = slots;
        _vars = vars;
    }

    public CompiledPolicy Policy { get; }

    /// <summary>The query's named variables (the columns of each result row).</summary>
    public IReadOnlyCollection<string> Variables => _vars.Keys;

    /// <summary>Evaluates with the given input; throws <see cref="RegoEvalException"/> on evaluation errors.</summary>
    public QueryResult Evaluate(RegoValue? input = null, EvalOptions? options = null)
    {
        var evaluator = new Evaluator(Policy, input, options ?? EvalOptions.Default);
        var rows = evaluator.Run(_body, _slots, _vars);
        return new QueryResult(rows, evaluator.PrintOutput);
    }
}

/// <summary>The solutions of a query: one row (variable → value) per solution.</summary>
public sealed class QueryResult(List<Dictionary<string, RegoValue>> rows, List<string> printed)
{
    public IReadOnlyList<IReadOnlyDictionary<string, RegoValue>> Rows { get; } = rows;

    /// <summary>Lines written by <c>print</c> during evaluation.</summary>
    public IReadOnlyList<string> Printed { get; } = printed;

    /// <summary>True when the query had at least one solution.</summary>
    public bool IsDefined => Rows.Count > 0;

    /// <summary>The value of a variable in the first solution, or null.</summary>
    public RegoValue? this[string variable] => Rows.Count > 0 && Rows[0].TryGetValue(variable, out var v) ? v : null;
}
