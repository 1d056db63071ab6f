namespace Mandate.Mcp.Catalog;

using Mandate.Core.Access;

/// <summary>Runs one tool call; bad arguments have already been refused by <see cref="ToolParameters"/>.</summary>
public delegate ValueTask<ToolOutcome> ToolHandler(ToolCall call, CancellationToken cancellationToken);

/// <summary>
/// The MCP behaviour hints of a tool (the spec's <c>ToolAnnotations</c>), stated by whoever writes the tool
/// and checked against its <see cref="MandateAction"/> by the catalog tests.
/// </summary>
/// <param name="ReadOnly">Changes nothing anywhere.</param>
/// <param name="Destructive">May destroy or discard something (only meaningful when not read-only).</param>
/// <param name="Idempotent">Calling it again with the same arguments has no further effect.</param>
/// <param name="OpenWorld">Reaches outside Mandate (cloud APIs through a provider).</param>
public sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    /// <summary>A read of Mandate's own data.</summary>
    public static ToolHints Read { get; } = new(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false);
}

/// <summary>
/// One MCP tool, defined once for every transport: its name, the description a model reads (what it is for,
/// when to use it instead of another, an example), its parameters, its hints, the Core action it needs and
/// its handler.
/// </summary>
/// <param name="Action">The action Core authorizes for the call; null for tools that only read public
/// provider metadata (schemas), which any authenticated caller may use. A mutating action hides the tool
/// from read-scoped sessions.</param>
public sealed record ToolDescriptor(
    string Name,
    string Title,
    string Description,
    ToolParameters Parameters,
    ToolHints Hints,
    MandateAction? Action,
    ToolHandler Handler)
{
    /// <summary>True when the tool changes something, so a read-scoped caller may not see or call it.</summary>
    public bool Mutates => Action?.Mutates ?? false;

    /// <summary>Whether <paramref name="principal"/> may see and call the tool at all (roles are Core's business).</summary>
    public bool IsVisibleTo(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return !Mutates || !principal.IsReadOnly;
    }
}
