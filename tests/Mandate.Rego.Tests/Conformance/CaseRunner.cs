using Mandate.Rego.Compile;
using Mandate.Rego.Compile.Stages;
using Mandate.Rego.Eval;
using Mandate.Rego.Syntax;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Conformance;

/// <summary>Runs one OPA case and compares as OPA's runner (TestRego) does; returns null on pass, else why.</summary>
internal static class CaseRunner
{
    private static readonly DateTimeOffset FixedNow = DateTimeOffset.UtcNow;

    public static string? Run(OpaCase c)
    {
        var compiler = new RegoCompiler();
        for (var i = 0; i < c.Modules.Count; i++)
        {
            compiler.AddModule($"test-{i}.rego", c.Modules[i], c.IsV0 ? RegoVersion.V0 : RegoVersion.V1);
        }

        if (!compiler.TryCompile(out var policy, out var errors, c.Data ?? RegoObject.Empty))
        {
            return "compile error: " + string.Join(" | ", errors);
        }

        if (!policy!.TryPrepare(c.Query, out var query, out var qerrors))
        {
            return "query error: " + string.Join(" | ", qerrors);
        }

        var input = c.Input;
        if (c.InputTerm is not null)
        {
            var term = Parser.ParseTerm(c.InputTerm, out var terrs);
            if (term is null || !FoldConstants.TryConstant(term, out var iv))
            {
                return "input_term not a constant: " + string.Join(" | ", terrs);
            }

            input = iv;
        }

        QueryResult result;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            result = query!.Evaluate(input, new EvalOptions
            {
                StrictBuiltinErrors = c.StrictError,
                Now = FixedNow,
                CancellationToken = cts.Token,
                Limits = new EvalLimits { Timeout = TimeSpan.FromSeconds(10) },
            });
        }
        catch (RegoEvalException e)
        {
            if (c.WantError is null && c.WantErrorCode is null)
            {
                return "unexpected error: " + e.Error;
            }

            if (c.WantErrorCode is not null && c.WantErrorCode != e.Code)
            {
                return $"want error code {c.WantErrorCode}, got {e.Error}";
            }

            if (c.WantError is not null && !e.Error.ToString().Contains(c.WantError, StringComparison.Ordinal))
            {
                return $"want error containing '{c.WantError}', got '{e.Error}'";
            }

            return null;
        }
#pragma warning disable CA1031 // A crash in one case is that case's failure, not the run's.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"crash: {e.GetType().Name}: {e.Message}";
        }

        if (c.WantError is not null || c.WantErrorCode is not null)
        {
            return $"want error '{c.WantErrorCode} {c.WantError}', got {result.Rows.Count} result(s)";
        }

        if (c.WantDefined is { } defined && defined != result.IsDefined)
        {
            return $"want defined={defined}";
        }

        if (c.WantResult is not null)
        {
            var actual = result.Rows.Select(r => Normalize(r, c)).ToList();
            var expected = c.WantResult.Items.ToArray().Select(x => (RegoValue)x).ToList();
            var missing = expected.Where(e => !actual.Any(a => a.Equals(e))).ToList();
            var extra = actual.Where(a => !expected.Any(e => e.Equals(a))).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                return $"results differ: want {Show(expected)}, got {Show(actual)}";
            }
        }

        return null;
    }

    private static string Show(List<RegoValue> rows)
    {
        var s = "[" + string.Join(", ", rows.Select(r => RegoJson.Serialize(r))) + "]";
        return s.Length > 400 ? s[..400] + "…" : s;
    }

    private static RegoValue Normalize(IReadOnlyDictionary<string, RegoValue> row, OpaCase c)
    {
        var b = new RegoObject.Builder();
        foreach (var (k, v) in row)
        {
            if (c.IgnoreGeneratedVars && k.StartsWith("__", StringComparison.Ordinal))
            {
                continue;
            }

            var json = RegoJson.RoundTrip(v);
            if (c.SortBindings && json is RegoArray a)
            {
                var items = a.Items.ToArray();
                Array.Sort(items, RegoValueComparer.Instance);
                json = RegoArray.From(items);
            }

            b.Set(k, json);
        }

        return b.Build();
    }
}
