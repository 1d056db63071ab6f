using Mandate.Rego.Builtins;
using Mandate.Rego.Builtins.Go;
using Mandate.Rego.Values;
using static Mandate.Rego.Tests.Builtins.BuiltinTestKit;

namespace Mandate.Rego.Tests.Builtins;

/// <summary>The fast path must print exactly what the general Go formatter prints, or step aside.</summary>
public sealed class SprintfFastPathTests
{
    [Theory]
    [InlineData("Resource type %q is not permitted.", "[\"aws_s3_bucket\"]")]
    [InlineData("Operation %q on %s (%d tags) is allowed; 100%% sure", "[\"create\", \"bucket-1\", 3]")]
    [InlineData("%v and %v", "[\"text\", -42]")]
    [InlineData("no verbs at all", "[]")]
    [InlineData("%s%s%s", "[\"a\", \"\", \"c\"]")]
    [InlineData("%d", "[9223372036854775807]")]
    public void Prints_what_the_general_formatter_prints(string format, string argsJson)
    {
        var args = (RegoArray)J(argsJson);
        string? quick = SprintfFastPath.TryFormat(format, args.Items, int.MaxValue);

        Assert.NotNull(quick);
        Assert.Equal(GoFormat.Sprintf(format, GoArguments(args)), quick);
        Assert.Equal(S(quick), Call("sprintf", S(format), args));
    }

    [Theory]
    [InlineData("%5s", "[\"a\"]")] // width
    [InlineData("%-d", "[1]")] // flag
    [InlineData("%.2f", "[1.5]")] // precision and float verb
    [InlineData("%v", "[1.5]")] // float argument
    [InlineData("%s", "[1]")] // Go prints %!s(int=1)
    [InlineData("%d", "[\"x\"]")] // Go prints %!d(string=x)
    [InlineData("%q", "[\"say \\\"hi\\\"\"]")] // needs escaping
    [InlineData("%q", "[\"caf\u00e9\"]")] // non-ASCII
    [InlineData("%v", "[[1, 2]]")] // composite
    [InlineData("%s %s", "[\"only one\"]")] // missing argument
    [InlineData("%s", "[\"a\", \"extra\"]")] // extra argument
    [InlineData("trailing %", "[]")]
    [InlineData("%d", "[18446744073709551616]")] // beyond int64
    public void Steps_aside_for_everything_else(string format, string argsJson) =>
        Assert.Null(SprintfFastPath.TryFormat(format, ((RegoArray)J(argsJson)).Items, int.MaxValue));

    [Fact]
    public void Steps_aside_when_the_output_limit_is_passed_so_the_general_path_reports_it() =>
        Assert.Null(SprintfFastPath.TryFormat("%s-%s", ((RegoArray)J("[\"abcdef\", \"ghijkl\"]")).Items, limit: 8));

    private static object[] GoArguments(RegoArray args)
    {
        var result = new object[args.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = args[i] switch
            {
                RegoString s => s.Value,
                RegoNumber n when n.TryGetInt64(out long l) => l,
                var other => throw new InvalidOperationException("unexpected argument " + other),
            };
        }

        return result;
    }
}
