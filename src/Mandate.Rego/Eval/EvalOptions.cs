using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>Per-evaluation settings.</summary>
public sealed record EvalOptions
{
    public static readonly EvalOptions Default = new();

    /// <summary>Base documents under <c>data</c>; overrides the policy's data when set.</summary>
    public RegoValue? Data { get; init; }

    public EvalLimits Limits { get; init; } = EvalLimits.Default;

    /// <summary>Builtin errors fail the query (OPA's strict-builtin-errors) instead of making expressions undefined.</summary>
    public bool StrictBuiltinErrors { get; init; }

    /// <summary>The query's clock (time.now_ns); defaults to the wall clock when evaluation starts.</summary>
    public DateTimeOffset? Now { get; init; }

    public int? Seed { get; init; }

    /// <summary>Receives each <c>print</c> line; when null, lines are kept in the result only.</summary>
    public Action<string>? Print { get; init; }

    public CancellationToken CancellationToken { get; init; }
}
