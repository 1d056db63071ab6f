namespace Mandate.Mcp.Tools;

using Mandate.Mcp.Catalog;
using Mandate.Mcp.Tools.Core;

/// <summary>The one list of every tool, in the order clients show them: discover, choose a project, act, govern.</summary>
public static class MandateTools
{
    public static IEnumerable<ToolDescriptor> All() =>
        ProviderTools.All()
            .Concat(ProjectTools.All())
            .Concat(ResourceTools.All())
            .Concat(OperationTools.All())
            .Concat(PolicyTools.All())
            .Concat(LockAndAuditTools.All());
}
