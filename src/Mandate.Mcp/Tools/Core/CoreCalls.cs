namespace Mandate.Mcp.Tools.Core;

using Mandate.Core.Application;
using Mandate.Core.Model;
using Mandate.Core.Stores;
using Mandate.Mcp.Catalog;

/// <summary>
/// How tools reach Core: always through the facade (<see cref="MandateCore"/>'s app services, which
/// authorize and audit), with the session's principal and id as the <see cref="CallContext"/>.
/// </summary>
internal static class CoreCalls
{
    /// <summary>Lists never return more than this many items per page, which keeps results far below the size limit.</summary>
    public const int MaxPage = 50;

    public static MandateCore Core(this ToolCall call) => call.Service<MandateCore>();

    public static CallContext Context(this ToolCall call) => new(call.Session.Principal, call.Session.Id);

    /// <summary>The project named by the <c>project</c> argument (id or name) or chosen with project_use.</summary>
    public static Task<ProjectRecord> ProjectAsync(this ToolCall call, CancellationToken cancellationToken) =>
        call.Core().Projects.GetAsync(call.Context(), call.Project(), cancellationToken: cancellationToken);

    public static PageRequest Page(this ToolCall call, int fallback = 20) => new(call.String("cursor"), Math.Min(call.Int("limit", fallback), MaxPage));

    public static ToolParameter ProjectParameter { get; } = new("project", ParameterType.String,
        "Project id or name; defaults to the project chosen with project_use.");

    public static ToolParameter CursorParameter { get; } = new("cursor", ParameterType.String,
        "The next_cursor of the previous page, to continue a list.");

    public static ToolParameter LimitParameter(int fallback = 20) => new("limit", ParameterType.Integer,
        $"Items per page (default {fallback}, at most {MaxPage}).", Minimum: 1, Maximum: MaxPage);
}
