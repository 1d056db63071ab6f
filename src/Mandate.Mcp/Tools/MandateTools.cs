namespace Mandate.Mcp.Tools;

using Mandate.Mcp.Catalog;

/// <summary>The one list of every tool, in the order clients show them.</summary>
public static class MandateTools
{
    public static IEnumerable<ToolDescriptor> All() => ProviderTools.All();
}
