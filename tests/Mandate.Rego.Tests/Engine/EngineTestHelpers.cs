using Mandate.Rego.Compile;
using Mandate.Rego.Eval;
using Mandate.Rego.Values;

namespace Mandate.Rego.Tests.Engine;

internal static class EngineTestHelpers
{
    /// <summary>Compiles one module and evaluates <c>x := query</c>; returns x or null when undefined.</summary>
    public static RegoValue? Run(string module, string query, string? inputJson = null, EvalOptions? options = null)
    {
        var policy = new RegoCompiler().AddModule("test.rego", module).Compile();
        var input = inputJson is null ? null : RegoJson.Parse(inputJson);
        return policy.Prepare("x := " + query).Evaluate(input, options)["x"];
    }

    public static RegoValue Json(string json) => RegoJson.Parse(json);
}
