using Mandate.Providers.Cty;
using Mandate.Providers.Messages;
using Wire = Mandate.Providers.Protocols.Wire;

namespace Mandate.Providers.Protocols.Convert;

/// <summary>Diagnostics and attribute paths (either protocol version) to ours.</summary>
internal static class DiagnosticsConvert
{
    public static List<Diagnostic> ToDiagnostics(IEnumerable<Wire.Diagnostic> diagnostics)
    {
        var result = new List<Diagnostic>();
        foreach (var d in diagnostics)
        {
            result.Add(new Diagnostic(
                d.Severity == Wire.Diagnostic.Types.Severity.Warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
                d.Summary,
                d.Detail,
                d.Attribute is { Steps.Count: > 0 } path ? ToPath(path) : null));
        }

        return result;
    }

    public static CtyPath ToPath(Wire.AttributePath path)
    {
        var steps = new CtyPathStep[path.Steps.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            var step = path.Steps[i];
            steps[i] = step.SelectorCase switch
            {
                Wire.AttributePath.Types.Step.SelectorOneofCase.AttributeName => CtyPathStep.Attribute(step.AttributeName),
                Wire.AttributePath.Types.Step.SelectorOneofCase.ElementKeyString => CtyPathStep.ElementKey(step.ElementKeyString),
                Wire.AttributePath.Types.Step.SelectorOneofCase.ElementKeyInt => CtyPathStep.ElementIndex(step.ElementKeyInt),
                _ => CtyPathStep.Attribute("?"),
            };
        }

        return CtyPath.Of(steps);
    }
}
