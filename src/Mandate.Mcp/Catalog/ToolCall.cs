namespace Mandate.Mcp.Catalog;

using System.Globalization;
using System.Text.Json.Nodes;
using Mandate.Core;

/// <summary>One validated call of a tool: the session it belongs to, its arguments, and the host's services.</summary>
public sealed class ToolCall(ToolSession session, JsonObject arguments, IServiceProvider services)
{
    public ToolSession Session { get; } = session;

    /// <summary>The arguments as checked against the tool's parameters (unknown names and wrong types already refused).</summary>
    public JsonObject Arguments { get; } = arguments;

    public IServiceProvider Services { get; } = services;

    public string? String(string name) => Arguments[name]?.GetValue<string>();

    public string RequiredString(string name) => String(name)
        ?? throw new MandateException(MandateErrorCodes.InvalidArgument, $"missing required argument '{name}'");

    public int Int(string name, int fallback) =>
        Arguments[name] is { } n ? (int)Math.Clamp(n.GetValue<long>(), int.MinValue, int.MaxValue) : fallback;

    public bool Bool(string name, bool fallback = false) => Arguments[name]?.GetValue<bool>() ?? fallback;

    public JsonObject? Object(string name) => Arguments[name]?.AsObject();

    public IReadOnlyList<string> Strings(string name) =>
        Arguments[name] is JsonArray a ? [.. a.Select(e => e!.GetValue<string>())] : [];

    public T Service<T>() where T : notnull =>
        (T?)Services.GetService(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered with the MCP host");

    /// <summary>The <c>project</c> argument, else the session's current project, else a tool error saying what to do.</summary>
    public string Project()
    {
        if (String("project") is { Length: > 0 } project)
        {
            return project;
        }

        return Session.CurrentProject ?? throw new MandateException(MandateErrorCodes.InvalidArgument,
            "no project given and none chosen for this session; pass 'project', or call project_use once (project_list shows the names)");
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
