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
    private readonly QueryColumns _columns;

    // Per top-level expression, the slot its captured value lands in (only when expressions are captured).
    private readonly int[]? _captureSlots;

    internal PreparedQuery(CompiledPolicy policy, Expr[] body, int slots, Dictionary<string, int> vars, string[]? expressionTexts)
    {
        Policy = policy;
        _body = body;
        _slots = slots;
        _vars = vars;
        ExpressionTexts = expressionTexts;
        var columns = vars.Where(v => !IsCaptureVar(v.Key, expressionTexts)).ToArray();
        _columns = new QueryColumns(columns.Select(v => v.Key).ToArray(), columns.Select(v => v.Value).ToArray());
        if (expressionTexts is not null)
        {
            _captureSlots = new int[expressionTexts.Length];
            for (var i = 0; i < _captureSlots.Length; i++)
            {
                _captureSlots[i] = vars.TryGetValue(CaptureVar(i), out var slot) ? slot : -1;
            }
        }
    }

    /// <summary>The source text of each top-level expression when expressions are captured, else null.</summary>
    public IReadOnlyList<string>? ExpressionTexts { get; }

    internal static string CaptureVar(int i) => $"__expr{i}__";

    private static bool IsCaptureVar(string name, string[]? expressionTexts)
    {
        if (expressionTexts is null)
        {
            return false;
        }

        for (var i = 0; i < expressionTexts.Length; i++)
        {
            if (name == CaptureVar(i))
            {
                return true;
            }
        }

        return false;
    }

    public CompiledPolicy Policy { get; }

    /// <summary>The query's named variables (the columns of each result row).</summary>
    public IReadOnlyCollection<string> Variables => _vars.Keys.Where(k => !k.StartsWith("__expr", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Evaluates with the given input; throws <see cref="RegoEvalException"/> on evaluation errors.
    /// Safe to call from many threads at once: each call runs on the calling thread's own evaluator.
    /// </summary>
    public QueryResult Evaluate(RegoValue? input = null, EvalOptions? options = null)
    {
        var evaluator = Evaluator.Rent(Policy, input, options ?? EvalOptions.Default);
        List<RegoValue?[]>? frames;
        RegoValue?[]? single;
        IReadOnlyList<string> printed;
        try
        {
            frames = evaluator.Run(_body, _slots, out single);
            printed = evaluator.Printed;
        }
        finally
        {
            evaluator.Return();
        }

        // One solution (the usual decision) needs no list; several come as one.
        var rows = single is not null ? [new ResultRow(_columns, single)] : new ResultRow[frames?.Count ?? 0];
        for (var r = 0; frames is not null && r < rows.Length; r++)
        {
            rows[r] = new ResultRow(_columns, frames[r]);
        }

        if (_captureSlots is null)
        {
            return new QueryResult(rows, printed);
        }

        // Each top-level expression's captured value; expressions that bind nothing were true.
        var values = new List<RegoValue[]>(rows.Length);
        foreach (var frame in single is not null ? [single] : frames ?? [])
        {
            var exprs = new RegoValue[_captureSlots.Length];
            for (var i = 0; i < exprs.Length; i++)
            {
                exprs[i] = _captureSlots[i] >= 0 && frame[_captureSlots[i]] is { } v ? v : RegoBoolean.True;
            }

            values.Add(exprs);
        }

        return new QueryResult(rows, printed) { ExpressionValues = values };
    }

    /// <summary>
    /// The value <paramref name="variable"/> takes in the query's first solution, or null when the query is undefined or
    /// leaves it unbound: a decision such as <c>x := data.policy.deny</c> read without building result rows, so the value
    /// is the only allocation the caller sees. Thread-safe like <see cref="Evaluate"/>; <c>print</c> output is dropped.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="variable"/> is not one of the query's variables.</exception>
    public RegoValue? EvaluateFirst(string variable, RegoValue? input = null, EvalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (!_vars.TryGetValue(variable, out var slot) || (_captureSlots is not null && Array.IndexOf(_captureSlots, slot) >= 0))
        {
            throw new ArgumentException($"the query has no variable '{variable}'; its variables are: {string.Join(", ", Variables)}", nameof(variable));
        }

        var evaluator = Evaluator.Rent(Policy, input, options ?? EvalOptions.Default);
        try
        {
            return evaluator.RunFirst(_body, _slots, slot);
        }
        finally
        {
            evaluator.Return();
        }
    }
}

/// <summary>The solutions of a query: one row (variable → value) per solution.</summary>
public sealed class QueryResult
{
    internal QueryResult(IReadOnlyList<IReadOnlyDictionary<string, RegoValue>> rows, IReadOnlyList<string> printed)
    {
        Rows = rows;
        Printed = printed;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, RegoValue>> Rows { get; }

    /// <summary>Per row, the value of each top-level query expression (only when captured at prepare time).</summary>
    public IReadOnlyList<RegoValue[]>? ExpressionValues { get; init; }

    /// <summary>Lines written by <c>print</c> during evaluation.</summary>
    public IReadOnlyList<string> Printed { get; }

    /// <summary>True when the query had at least one solution.</summary>
    public bool IsDefined => Rows.Count > 0;

    /// <summary>The value of a variable in the first solution, or null.</summary>
    public RegoValue? this[string variable] => Rows.Count > 0 && Rows[0].TryGetValue(variable, out var v) ? v : null;
}
