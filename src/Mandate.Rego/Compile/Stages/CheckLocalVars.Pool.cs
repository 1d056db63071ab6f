namespace Mandate.Rego.Compile.Stages;

/// <summary>
/// Scope dictionaries and name sets are reused instead of allocated per body and comprehension: this
/// stage runs on every compile, and these short-lived collections were most of what it allocated.
/// </summary>
internal sealed partial class CheckLocalVars
{
    /// <summary>An empty set of used names (only ever read).</summary>
    private static readonly HashSet<string> NoNames = new(StringComparer.Ordinal);

    /// <summary>The arguments of a rule that has none (only ever read).</summary>
    private static readonly Dictionary<string, Entry> NoArguments = new(StringComparer.Ordinal);

    private readonly Stack<Dictionary<string, Entry>> _freeScopes = new();
    private readonly Stack<HashSet<string>> _freeSets = new();

    private Dictionary<string, Entry> PushScope()
    {
        var scope = _freeScopes.TryPop(out var free) ? free : new Dictionary<string, Entry>(StringComparer.Ordinal);
        _scopes.Add(scope);
        return scope;
    }

    private void PopScope()
    {
        Release(_scopes[^1]);
        _scopes.RemoveAt(_scopes.Count - 1);
    }

    private void ClearScopes()
    {
        foreach (var scope in _scopes)
        {
            Release(scope);
        }

        _scopes.Clear();
    }

    private void Release(Dictionary<string, Entry> scope)
    {
        scope.Clear();
        _freeScopes.Push(scope);
    }

    private HashSet<string> RentSet() => _freeSets.TryPop(out var free) ? free : new HashSet<string>(StringComparer.Ordinal);

    private void ReturnSet(HashSet<string> set)
    {
        set.Clear();
        _freeSets.Push(set);
    }
}
