using Mandate.Rego.Syntax.Ast;
using Mandate.Rego.Values;

namespace Mandate.Rego.Compile;

/// <summary>
/// A node of the virtual document tree: one per static path segment under <c>data</c>. Rules attach to
/// the node where their head reference stops being a constant string path; the rest of the head (vars,
/// non-string keys) is the rule's dynamic suffix.
/// </summary>
public sealed class RuleNode
{
    internal RuleNode(string[] path) => Path = path;

    public string[] Path { get; }

    public Dictionary<string, RuleNode> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>Rules whose static head path ends here (complete, multi-value, object-generating).</summary>
    public List<Rule> Rules { get; } = [];

    public List<Rule> Functions { get; } = [];

    public Rule? Default { get; internal set; }

    /// <summary>The <c>default f(_) := v</c> of a function node, used when no definition applies.</summary>
    public Rule? DefaultFunction { get; internal set; }

    /// <summary>Length of the static prefix of each rule's head ref (index of its first dynamic term).</summary>
    internal Dictionary<Rule, int> SuffixStart { get; } = [];

    public bool HasRules => Rules.Count > 0 || Default is not null;

    /// <summary>True when a module declares this package (an empty package is still the document {}).</summary>
    public bool IsPackage { get; internal set; }

    public bool IsFunction => Functions.Count > 0 || DefaultFunction is not null;

    /// <summary>Compiled value of a ground constant complete rule (e.g. <c>p := 7</c>), or null.</summary>
    internal RegoValue? ConstantValue { get; set; }

    public string DisplayPath => "data." + string.Join(".", Path);

    internal RuleNode GetOrAdd(string name)
    {
        if (!Children.TryGetValue(name, out var child))
        {
            child = new RuleNode([.. Path, name]);
            Children[name] = child;
        }

        return child;
    }

    internal RuleNode? Find(ReadOnlySpan<string> path)
    {
        var n = this;
        foreach (var p in path)
        {
            if (!n.Children.TryGetValue(p, out n))
            {
                return null;
            }
        }

        return n;
    }

    /// <summary>True when this node or any descendant defines rules (so it is a virtual document).</summary>
    internal bool HasVirtualContent() => _hasVirtual ??= ComputeHasVirtualContent();

    // The tree is immutable once compiled, so the answer is computed once (a benign race at worst).
    private bool? _hasVirtual;

    private bool ComputeHasVirtualContent()
    {
        if (HasRules || IsFunction || IsPackage)
        {
            return true;
        }

        foreach (var c in Children.Values)
        {
            if (c.HasVirtualContent())
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => DisplayPath;
}
