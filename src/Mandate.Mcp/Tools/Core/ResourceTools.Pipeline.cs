namespace Mandate.Mcp.Tools.Core;

using Mandate.Mcp.Catalog;

/// <summary>Plan, refresh and import: wired when Core's pipeline offers them.</summary>
internal static partial class ResourceTools
{
    private static IEnumerable<ToolDescriptor> PipelineTools() => [];
}
