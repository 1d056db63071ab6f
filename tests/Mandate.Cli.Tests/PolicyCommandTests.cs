namespace Mandate.Cli.Tests;

using System.Text.Json;

public sealed class PolicyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mandate-policy-cli-").FullName;

    public PolicyCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "policies"));
        File.WriteAllText(Path.Combine(_dir, "policies", "deletes.rego"), """
            package spacelift

            deny contains message if {
              input.resource.operation == "delete"
              message := sprintf("Deleting %s resources is not allowed.", [input.resource.resource_type])
            }
            """);
        File.WriteAllText(Path.Combine(_dir, "policies", "deletes_test.rego"), """
            package spacelift

            test_delete_is_denied if {
              count(deny) == 1 with input as {"resource": {"operation": "delete", "resource_type": "aws_s3_bucket"}}
            }

            test_create_is_not_denied if {
              count(deny) == 0 with input as {"resource": {"operation": "create", "resource_type": "aws_s3_bucket"}}
            }
            """);
        File.WriteAllText(Path.Combine(_dir, "input.json"), """{"resource": {"operation": "delete", "resource_type": "aws_dynamodb_table"}}""");
    }

    [Fact]
    public async Task Eval_prints_opa_shaped_result_sets()
    {
        var (exit, stdout, stderr) = await MandateProgram.RunAsync("policy", "eval", "-d", Path.Combine(_dir, "policies"),
            "-i", Path.Combine(_dir, "input.json"), "data.spacelift.deny");

        Assert.True(exit == 0, stderr);
        var value = JsonDocument.Parse(stdout).RootElement.GetProperty("result")[0].GetProperty("expressions")[0].GetProperty("value");
        Assert.Equal("Deleting aws_dynamodb_table resources is not allowed.", value[0].GetString());
    }

    [Fact]
    public async Task Test_runs_test_rules_and_fails_when_one_fails()
    {
        var (passExit, passOut, _) = await MandateProgram.RunAsync("policy", "test", Path.Combine(_dir, "policies"));
        File.AppendAllText(Path.Combine(_dir, "policies", "deletes_test.rego"), "\ntest_wrong if {\n  count(deny) == 5 with input as {\"resource\": {\"operation\": \"delete\", \"resource_type\": \"x\"}}\n}\n");
        var (failExit, failOut, _) = await MandateProgram.RunAsync("policy", "test", Path.Combine(_dir, "policies"));

        Assert.Equal(0, passExit);
        Assert.Contains("PASS: 2/2", passOut, StringComparison.Ordinal);
        Assert.Equal(1, failExit);
        Assert.Contains("data.spacelift.test_wrong: FAIL", failOut, StringComparison.Ordinal);
        Assert.Contains("FAIL: 1/3", failOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reports_one_line_per_problem_with_file_line_and_column()
    {
        var first = Path.Combine(_dir, "broken1.rego");
        var second = Path.Combine(_dir, "broken2.rego");
        File.WriteAllText(first, "package a\n\nallow if {\n  x := \n}\n");
        File.WriteAllText(second, "package b\n\ndeny contains \"m\" if input.x ==\n");

        var (exit, stdout, stderr) = await MandateProgram.RunAsync("policy", "check", first, second);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"broken1\.rego:\d+:\d+: rego_parse_error: ", lines[0]);
        Assert.Matches(@"broken2\.rego:\d+:\d+: rego_parse_error: ", lines[1]);
    }

    [Fact]
    public async Task Check_accepts_valid_policies_and_a_missing_path_is_one_line()
    {
        var (okExit, okOut, _) = await MandateProgram.RunAsync("policy", "check", Path.Combine(_dir, "policies"));
        var (missingExit, _, missingErr) = await MandateProgram.RunAsync("policy", "check", Path.Combine(_dir, "nope"));

        Assert.Equal(0, okExit);
        Assert.Equal("ok", okOut.Trim());
        Assert.Equal(1, missingExit);
        Assert.Single(missingErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("does not exist", missingErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_strict_reports_unused_imports_and_variables()
    {
        var file = Path.Combine(_dir, "loose.rego");
        File.WriteAllText(file, "package loose\n\nimport data.unused\n\nallow if {\n  x := input.x\n  input.y\n}\n");

        var (looseExit, looseOut, _) = await MandateProgram.RunAsync("policy", "check", file);
        var (strictExit, _, strictErr) = await MandateProgram.RunAsync("policy", "check", "--strict", file);
        var lines = strictErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(0, looseExit);
        Assert.Equal("ok", looseOut.Trim());
        Assert.Equal(1, strictExit);
        Assert.Single(lines);
        Assert.EndsWith("loose.rego:3:1: rego_compile_error: import data.unused unused", lines[0], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
