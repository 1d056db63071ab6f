using Mandate.Rego.Values;
using YamlDotNet.RepresentationModel;

namespace Mandate.Rego.Tests.Conformance;

/// <summary>One case of OPA's YAML test format.</summary>
internal sealed record OpaCase
{
    public required string Folder { get; init; }

    public required string File { get; init; }

    public required string Note { get; init; }

    public required string Query { get; init; }

    public required List<string> Modules { get; init; }

    public RegoValue? Data { get; init; }

    public RegoValue? Input { get; init; }

    public string? InputTerm { get; init; }

    public RegoArray? WantResult { get; init; }

    public bool? WantDefined { get; init; }

    public string? WantError { get; init; }

    public string? WantErrorCode { get; init; }

    public bool StrictError { get; init; }

    public bool SortBindings { get; init; }

    public bool IgnoreGeneratedVars { get; init; }

    public bool ExperimentalKeywords { get; init; }

    public bool IsV0 { get; init; }

    public static IEnumerable<OpaCase> Load(string path, string folder, bool v0)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is not YamlMappingNode root || !root.Children.TryGetValue("cases", out var casesNode) || casesNode is not YamlSequenceNode cases)
            {
                continue;
            }

            foreach (var node in cases.Children.OfType<YamlMappingNode>())
            {
                var m = node.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => kv.Value, StringComparer.Ordinal);
                string? Str(string key) => m.TryGetValue(key, out var n) && n is YamlScalarNode s ? s.Value : null;
                bool Flag(string key) => m.TryGetValue(key, out var n) && Yaml11.ToValue(n) is RegoBoolean { Value: true };
                yield return new OpaCase
                {
                    Folder = folder,
                    File = Path.GetFileName(path),
                    Note = Str("note") ?? "(no note)",
                    Query = Str("query") ?? string.Empty,
                    Modules = m.TryGetValue("modules", out var mods) && mods is YamlSequenceNode ms
                        ? ms.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList()
                        : [],
                    Data = m.TryGetValue("data", out var d) ? Yaml11.ToValue(d) : null,
                    Input = m.TryGetValue("input", out var i) ? Yaml11.ToValue(i) : null,
                    InputTerm = Str("input_term"),
                    WantResult = m.TryGetValue("want_result", out var wr) ? Yaml11.ToValue(wr) as RegoArray ?? RegoArray.Empty : null,
                    WantDefined = m.TryGetValue("want_defined", out var wd) ? Yaml11.ToValue(wd) is RegoBoolean { Value: true } : null,
                    WantError = m.ContainsKey("want_error") ? Str("want_error") ?? string.Empty : null,
                    WantErrorCode = Str("want_error_code"),
                    StrictError = Flag("strict_error"),
                    SortBindings = Flag("sort_bindings"),
                    IgnoreGeneratedVars = Flag("ignore_generated_vars"),
                    ExperimentalKeywords = Flag("experimental_keywords"),
                    IsV0 = v0,
                };
            }
        }
    }
}
