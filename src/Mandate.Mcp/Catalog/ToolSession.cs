namespace Mandate.Mcp.Catalog;

using Mandate.Core.Access;

/// <summary>
/// What one MCP session carries between calls: who it is (fixed when the session starts; every later HTTP
/// request must present the same credential) and the project chosen with <c>project_use</c>.
/// </summary>
public sealed class ToolSession(string id, Principal principal)
{
    private string? _currentProject;

    /// <summary>The session id: the HTTP Mcp-Session-Id, or one id per stdio process. Core locks projects per session.</summary>
    public string Id { get; } = id;

    public Principal Principal { get; } = principal;

    /// <summary>The project tools use when no <c>project</c> argument is given.</summary>
    public string? CurrentProject
    {
        get => Volatile.Read(ref _currentProject);
        set => Volatile.Write(ref _currentProject, value);
    }
}
