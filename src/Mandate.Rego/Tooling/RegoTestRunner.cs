using System.Diagnostics;
using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tooling;

public enum TestOutcome
{
    Pass,
    Fail,
    Error,
    Skip,
}

/// <summary>The result of one <c>test_</c> rule.</summary>
public sealed record TestCaseResult(string Package, string Name, TestOutcome Outcome, TimeSpan Duration, SourceLocation Location, RegoError? Error, IReadOnlyList<string> Printed)
{
    /// <summary>Full name as <c>opa test</c> prints it: <c>data.pkg.test_name</c>.</summary>
    public string FullName => $"data.{Package}.{Name}";
}

/// <summary>
/// Runs the tests of a compiled policy the way <c>opa test</c> does: every rule whose name starts with
/// <c>test_</c> is a test; it passes when it evaluates to true, fails when undefined or false, and errors
/// when evaluation fails. Rules named <c>todo_test_</c> are reported as skipped.
/// </summary>
public static class RegoTestRunner
{
    public static IReadOnlyList<TestCaseResult> Run(CompiledPolicy policy, EvalOptions? options = null, Func<string, bool>? filter = null)
    {
        var results = new List<TestCaseResult>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in policy.Modules)
        {
            var pkg = string.Join(".", module.Package);
            foreach (var rule in module.Rules)
            {
                if (rule.IsFunction || rule.HeadRef.Length != 1 || !seen.Add(pkg + "." + rule.Name))
                {
                    continue;
                }

                if (rule.Name.StartsWith("todo_test_", StringComparison.Ordinal))
                {
                    results.Add(new TestCaseResult(pkg, rule.Name, TestOutcome.Skip, TimeSpan.Zero, rule.Location, null, []));
                    continue;
                }

                if (!rule.Name.StartsWith("test_", StringComparison.Ordinal) || (filter is not null && !filter($"data.{pkg}.{rule.Name}")))
                {
                    continue;
                }

                results.Add(RunOne(policy, pkg, rule, options));
            }
        }

        return results;
    }

    private static TestCaseResult RunOne(CompiledPolicy policy, string pkg, Rule rule, EvalOptions? options)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var query = policy.Prepare($"x := data.{pkg}.{rule.Name}");
            var result = query.Evaluate(null, options);
            var passed = result["x"] is RegoBoolean { Value: true };
            return new TestCaseResult(pkg, rule.Name, passed ? TestOutcome.Pass : TestOutcome.Fail, Stopwatch.GetElapsedTime(start), rule.Location, null, result.Printed);
        }
        catch (RegoEvalException e)
        {
            return new TestCaseResult(pkg, rule.Name, TestOutcome.Error, Stopwatch.GetElapsedTime(start), rule.Location, e.Error, []);
        }
    }
}
