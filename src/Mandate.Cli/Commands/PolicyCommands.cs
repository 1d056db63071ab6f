namespace Mandate.Cli.Commands;

using System.CommandLine;
using Mandate.Rego;
using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Tooling;
using Mandate.Rego.Values;

/// <summary>
/// `mandate policy eval | test | check`: the Rego engine on files, shaped like `opa eval`, `opa test` and
/// `opa check`, so policies can be developed and tested before they are attached to a project.
/// </summary>
internal static class PolicyCommands
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var policy = new Command("policy", "Evaluate, test and check Rego policies on local files.");
        policy.Subcommands.Add(Eval(stdout, stderr));
        policy.Subcommands.Add(Test(stdout, stderr));
        policy.Subcommands.Add(Check(stdout, stderr));
        return policy;
    }

    private static Command Eval(TextWriter stdout, TextWriter stderr)
    {
        var data = new Option<string[]>("--data", "-d") { Description = "Policy or data file, or a directory of them (repeatable).", Required = true };
        var input = new Option<string?>("--input", "-i") { Description = "JSON file bound to `input`." };
        var query = new Argument<string>("query") { Description = "The query, e.g. data.spacelift.deny" };
        var command = new Command("eval", "Evaluate a query; prints result sets as `opa eval` does.") { data, input, query };
        command.SetAction(parsed => Run(stderr, () =>
        {
            var compiled = CompileOrReport(parsed.GetValue(data)!, stderr);
            if (compiled is null)
            {
                return ExitCodes.Failure;
            }

            if (!compiled.TryPrepare(parsed.GetValue(query)!, out var prepared, out var errors, captureExpressions: true))
            {
                WriteErrors(stderr, errors);
                return ExitCodes.Failure;
            }

            var inputPath = parsed.GetValue(input);
            RegoValue? inputValue = inputPath is null ? null : RegoJson.Parse(File.ReadAllText(inputPath));
            var result = prepared!.Evaluate(inputValue, EvalOptions.Default with { Print = line => stderr.WriteLine(line) });
            stdout.WriteLine(RegoOutput.EvalResultJson(prepared, result));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Test(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or directories holding policies and their test_ rules.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("test", "Run test_ rules like `opa test`; exits 1 when any fails or errors.") { paths };
        command.SetAction(parsed => Run(stderr, () =>
        {
            var compiled = CompileOrReport(parsed.GetValue(paths)!, stderr);
            if (compiled is null)
            {
                return ExitCodes.Failure;
            }

            var results = RegoTestRunner.Run(compiled);
            stdout.Write(RegoOutput.TestSummary(results));
            return results.All(r => r.Outcome is TestOutcome.Pass or TestOutcome.Skip) && results.Count > 0 ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static Command Check(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Description = "Policy files or directories to parse and compile.", Arity = ArgumentArity.OneOrMore };
        var strict = new Option<bool>("--strict", "-S")
        {
            Description = "OPA's strict mode: unused imports, variables and arguments are errors, and the Rego v1 rules (no duplicate imports, no input/data shadowing, no deprecated builtins) apply to v0 modules too.",
        };
        var command = new Command("check", "Parse and compile policies; prints one line per problem (file:line:col: code: message).") { paths, strict };
        command.SetAction(parsed => Run(stderr, () =>
        {
            var options = new CompilerOptions { Strict = parsed.GetValue(strict) };
            if (CompileOrReport(parsed.GetValue(paths)!, stderr, options) is null)
            {
                return ExitCodes.Failure;
            }

            stdout.WriteLine("ok");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static CompiledPolicy? CompileOrReport(IEnumerable<string> paths, TextWriter stderr, CompilerOptions? options = null)
    {
        var (compiler, data) = RegoFiles.Load(paths, options);
        if (compiler.TryCompile(out var compiled, out var errors, data))
        {
            return compiled;
        }

        WriteErrors(stderr, errors);
        return null;
    }

    private static void WriteErrors(TextWriter stderr, IEnumerable<RegoError> errors)
    {
        foreach (var line in RegoOutput.ErrorLines(errors))
        {
            stderr.WriteLine(line);
        }
    }

    // Missing files and evaluation failures are one line, never a stack trace.
    private static int Run(TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"mandate: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (RegoEvalException e)
        {
            stderr.WriteLine(e.Error.ToString());
            return ExitCodes.Failure;
        }
        catch (System.Text.Json.JsonException e)
        {
            stderr.WriteLine($"mandate: input is not valid JSON: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
