using System.Text;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tooling;

/// <summary>Renders results and errors the way the <c>opa</c> CLI does, for the <c>mandate policy</c> commands.</summary>
public static class RegoOutput
{
    /// <summary>
    /// The JSON <c>opa eval</c> prints: <c>{"result":[{"expressions":[{"value":…,"text":…,"location":{"row":1,"col":1}}],"bindings":{…}}]}</c>;
    /// an undefined query prints <c>{}</c>. The query must be prepared with <c>captureExpressions: true</c>.
    /// </summary>
    public static string EvalResultJson(PreparedQuery query, QueryResult result)
    {
        if (!result.IsDefined)
        {
            return "{}";
        }

        var texts = query.ExpressionTexts ?? [];
        var sb = new StringBuilder("{\"result\":[");
        for (var r = 0; r < result.Rows.Count; r++)
        {
            if (r > 0)
            {
                sb.Append(',');
            }

            sb.Append("{\"expressions\":[");
            for (var i = 0; i < texts.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                var value = result.ExpressionValues?[r][i] ?? RegoBoolean.True;
                sb.Append("{\"value\":");
                RegoJson.Write(sb, value);
                sb.Append(",\"text\":");
                RegoJson.WriteString(sb, texts[i], escapeHtml: false);
                sb.Append(",\"location\":{\"row\":1,\"col\":1}}");
            }

            sb.Append(']');
            var bindings = result.Rows[r].Where(kv => !kv.Key.StartsWith("__", StringComparison.Ordinal)).ToList();
            if (bindings.Count > 0)
            {
                sb.Append(",\"bindings\":{");
                for (var i = 0; i < bindings.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    RegoJson.WriteString(sb, bindings[i].Key, escapeHtml: false);
                    sb.Append(':');
                    RegoJson.Write(sb, bindings[i].Value);
                }

                sb.Append('}');
            }

            sb.Append('}');
        }

        sb.Append("]}");
        return sb.ToString();
    }

    /// <summary>One line per error: <c>file:line:col: code: message</c>.</summary>
    public static IEnumerable<string> ErrorLines(IEnumerable<RegoError> errors) =>
        errors.Select(e => e.Location.IsKnown ? $"{e.Location}: {e.Code}: {e.Message}" : $"{e.Code}: {e.Message}");

    /// <summary>A summary like <c>opa test</c>'s: one line per non-passing test, then <c>PASS: n/m</c> and counts.</summary>
    public static string TestSummary(IReadOnlyList<TestCaseResult> results)
    {
        var sb = new StringBuilder();
        foreach (var r in results.Where(r => r.Outcome != TestOutcome.Pass))
        {
            sb.Append(r.Location.File).Append(":\n");
            sb.Append(r.FullName).Append(": ").Append(r.Outcome.ToString().ToUpperInvariant());
            sb.Append(" (").Append(r.Duration.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).Append("ms)");
            if (r.Error is not null)
            {
                sb.Append("\n  ").Append(r.Error);
            }

            sb.Append('\n');
        }

        var pass = results.Count(r => r.Outcome == TestOutcome.Pass);
        var fail = results.Count(r => r.Outcome == TestOutcome.Fail);
        var error = results.Count(r => r.Outcome == TestOutcome.Error);
        var skip = results.Count(r => r.Outcome == TestOutcome.Skip);
        sb.Append("--------------------------------------------------------------------------------\n");
        if (fail == 0 && error == 0)
        {
            sb.Append("PASS: ").Append(pass).Append('/').Append(results.Count - skip).Append('\n');
        }
        else
        {
            sb.Append("PASS: ").Append(pass).Append('/').Append(results.Count - skip).Append('\n');
            if (fail > 0)
            {
                sb.Append("FAIL: ").Append(fail).Append('/').Append(results.Count - skip).Append('\n');
            }

            if (error > 0)
            {
                sb.Append("ERROR: ").Append(error).Append('/').Append(results.Count - skip).Append('\n');
            }
        }

        if (skip > 0)
        {
            sb.Append("SKIPPED: ").Append(skip).Append('\n');
        }

        return sb.ToString();
    }
}
