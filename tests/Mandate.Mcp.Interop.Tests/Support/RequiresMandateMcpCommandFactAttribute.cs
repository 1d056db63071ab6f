namespace Mandate.Mcp.Interop.Tests.Support;

/// <summary>
/// A fact that needs `mandate mcp` (the stdio server). Skipped, with the reason, when the built program has
/// no such command yet; decided once per test run by asking the built program itself.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresMandateMcpCommandFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> Available = new(() => MandateProgram.HasCommand("mcp"));

    public RequiresMandateMcpCommandFactAttribute()
    {
        if (!Available.Value)
        {
            Skip = "needs `mandate mcp` (stdio MCP server): `mandate mcp --help` fails in this build";
        }
    }
}
