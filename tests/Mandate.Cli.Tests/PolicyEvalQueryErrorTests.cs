namespace Mandate.Cli.Tests;

/// <summary>
/// `mandate policy eval` with a query the query compiler rejects (a type error against the compiled
/// rules): the error is printed as `position: code: message`, nothing is evaluated, and the exit code is 1.
/// </summary>
public sealed class PolicyEvalQueryErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mandate-policy-query-").FullName;

    public PolicyEvalQueryErrorTests() =>
        File.WriteAllText(Path.Combine(_dir, "limits.rego"), "package limits\n\nmax_buckets := 3\n");

    [Fact]
    public async Task A_query_with_a_type_error_is_reported_with_its_position_and_opa_code()
    {
        var (exit, stdout, stderr) = await MandateProgram.RunAsync("policy", "eval", "-d", _dir, "upper(data.limits.max_buckets)");

        Assert.Equal(1, exit);
        Assert.Empty(stdout.Trim());
        Assert.Contains("query:1:1: rego_type_error: upper: invalid argument(s)", stderr, StringComparison.Ordinal);
        Assert.Contains("have: (number)", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
