using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

public sealed class BuiltinContractTests
{
    [Fact]
    public void Registry_discovers_attributed_methods_with_their_arity()
    {
        Assert.True(BuiltinRegistry.Default.TryGet("plus", out var plus));
        Assert.Equal(2, plus.Arity);
        Assert.True(BuiltinRegistry.Default.TryGet("internal.member_3", out var member3));
        Assert.Equal(3, member3.Arity);
    }

    [Fact]
    public void Operand_type_errors_use_OPA_wording_and_code()
    {
        var e = Assert.Throws<RegoEvalException>(() =>
            BuiltinRegistry.Default.Invoke("plus", RegoString.From("a"), RegoNumber.One));
        Assert.Equal(RegoErrorCodes.EvalTypeError, e.Code);
        Assert.Equal("plus: operand 1 must be number but got string", e.Error.Message);
    }

    [Theory]
    [InlineData("{1}", "1", "minus: operand 2 must be set but got number")]
    [InlineData("1", "{1}", "minus: operand 2 must be number but got set")]
    [InlineData("\"x\"", "1", "minus: operand 1 must be one of {number, set} but got string")]
    public void Minus_reports_the_operand_OPA_reports(string left, string right, string message)
    {
        static RegoValue Parse(string s) => s.StartsWith('{') ? RegoSet.From(RegoJson.Parse(s[1..^1])) : RegoJson.Parse(s);
        var e = Assert.Throws<RegoEvalException>(() => BuiltinRegistry.Default.Invoke("minus", Parse(left), Parse(right)));
        Assert.Equal(message, e.Error.Message);
    }

    [Fact]
    public void Other_failures_are_builtin_errors_prefixed_with_the_name()
    {
        var e = Assert.Throws<RegoEvalException>(() =>
            BuiltinRegistry.Default.Invoke("div", RegoNumber.One, RegoNumber.Zero));
        Assert.Equal(RegoErrorCodes.EvalBuiltinError, e.Code);
        Assert.Equal("div: divide by zero", e.Error.Message);
    }

    [Fact]
    public void Output_limit_stops_a_builtin_with_a_limit_error()
    {
        var ctx = new BuiltinContext(limits: new EvalLimits { MaxBuiltinOutputSize = 10 });
        ctx.ChargeOutput(10);
        var e = Assert.Throws<RegoEvalException>(() => ctx.ChargeOutput(1));
        Assert.Equal(RegoErrorCodes.EvalLimitError, e.Code);
    }

    [Fact]
    public void Cancellation_is_reported_as_eval_cancel_error()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var ctx = new BuiltinContext(cancellationToken: cts.Token);
        var e = Assert.Throws<RegoEvalException>(ctx.CheckInterrupt);
        Assert.Equal(RegoErrorCodes.EvalCancelError, e.Code);
    }

    [Fact]
    public void Division_keeps_integers_exact_and_fractions_decimal()
    {
        Assert.Equal(RegoNumber.From(3), BuiltinRegistry.Default.Invoke("div", RegoNumber.From(6), RegoNumber.From(2)));
        Assert.Equal(RegoNumber.Parse("2.5"), BuiltinRegistry.Default.Invoke("div", RegoNumber.From(5), RegoNumber.From(2)));
    }
}
