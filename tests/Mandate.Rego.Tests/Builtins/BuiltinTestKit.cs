using Mandate.Rego.Builtins;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Builtins;

/// <summary>Calls builtins with operands written as JSON, and checks results and OPA error texts.</summary>
internal static class BuiltinTestKit
{
    public static RegoValue J(string json) => RegoJson.Parse(json);

    public static RegoValue S(string s) => RegoString.From(s);

    public static RegoSet Set(params string[] jsonItems) => RegoSet.From(jsonItems.Select(J));

    public static RegoValue? Call(string name, params RegoValue[] operands) =>
        BuiltinRegistry.Default.Invoke(name, operands);

    public static RegoValue? Call(BuiltinContext ctx, string name, params RegoValue[] operands) =>
        BuiltinRegistry.Default.Invoke(ctx, name, operands);

    /// <summary>Calls with JSON operands and compares with the expected JSON result.</summary>
    public static void AssertJson(string expectedJson, string name, params string[] jsonOperands)
    {
        RegoValue? actual = Call(name, jsonOperands.Select(J).ToArray());
        Assert.NotNull(actual);
        Assert.Equal(J(expectedJson), actual);
    }

    public static RegoEvalException AssertError(string code, string message, string name, params RegoValue[] operands)
    {
        var e = Assert.Throws<RegoEvalException>(() => Call(name, operands));
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Error.Message);
        return e;
    }

    public static RegoEvalException AssertJsonError(string code, string message, string name, params string[] jsonOperands) =>
        AssertError(code, message, name, jsonOperands.Select(J).ToArray());
}
