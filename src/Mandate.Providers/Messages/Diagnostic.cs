using System.Text;
using Mandate.Providers.Cty;

namespace Mandate.Providers.Messages;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}

/// <summary>
/// One problem reported by a provider or by the runtime on its behalf. Provider calls report failures as
/// diagnostics in their response instead of throwing, as Terraform core does: a plan may carry warnings and
/// still be usable, and a failed apply may still return the partial state that must be kept.
/// </summary>
/// <param name="Severity">Error stops the operation; Warning is informational.</param>
/// <param name="Summary">One line saying what went wrong.</param>
/// <param name="Detail">Longer explanation and, where known, the fix; may be empty.</param>
/// <param name="Attribute">The attribute the problem is about, when the provider said so.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Summary, string Detail, CtyPath? Attribute = null)
{
    public static Diagnostic Error(string summary, string detail, CtyPath? attribute = null) =>
        new(DiagnosticSeverity.Error, summary, detail, attribute);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Severity == DiagnosticSeverity.Error ? "Error: " : "Warning: ").Append(Summary);
        if (Attribute is { IsEmpty: false })
        {
            text.Append(" (at ").Append(Attribute).Append(')');
        }

        if (Detail.Length > 0)
        {
            text.Append(": ").Append(Detail);
        }

        return text.ToString();
    }
}

/// <summary>Helpers over the diagnostics list every response carries.</summary>
public static class DiagnosticList
{
    public static bool HasErrors(this IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>All diagnostics, one per line, for logs and exception messages.</summary>
    public static string Describe(this IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return string.Join(Environment.NewLine, diagnostics);
    }
}
