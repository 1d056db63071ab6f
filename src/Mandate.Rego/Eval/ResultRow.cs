using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>
/// One solution of a query: the query's named variables and their values. It reads the solution's frame
/// (a copy the row owns) through the prepared query's column layout, so a row costs one small array
/// instead of a dictionary. Variables left unbound in the solution are absent.
/// </summary>
internal sealed class ResultRow : IReadOnlyDictionary<string, RegoValue>
{
    private readonly QueryColumns _columns;
    private readonly RegoValue?[] _frame;

    public ResultRow(QueryColumns columns, RegoValue?[] frame)
    {
        _columns = columns;
        _frame = frame;
        foreach (var slot in columns.Slots)
        {
            if (frame[slot] is not null)
            {
                Count++;
            }
        }
    }

    public int Count { get; }

    public RegoValue this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"the query has no variable '{key}' bound in this row");

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var (name, value) in this)
            {
                yield return name;
            }
        }
    }

    public IEnumerable<RegoValue> Values
    {
        get
        {
            foreach (var (name, value) in this)
            {
                yield return value;
            }
        }
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out RegoValue value)
    {
        var names = _columns.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], key, StringComparison.Ordinal))
            {
                value = _frame[_columns.Slots[i]];
                return value is not null;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, RegoValue>> GetEnumerator()
    {
        for (var i = 0; i < _columns.Names.Length; i++)
        {
            if (_frame[_columns.Slots[i]] is { } v)
            {
                yield return new KeyValuePair<string, RegoValue>(_columns.Names[i], v);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The named variables of a prepared query (the columns of its rows) and their frame slots.</summary>
internal sealed class QueryColumns(string[] names, int[] slots)
{
    public string[] Names { get; } = names;

    public int[] Slots { get; } = slots;
}
