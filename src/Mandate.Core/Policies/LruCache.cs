namespace Mandate.Core.Policies;

/// <summary>
/// A bounded map that forgets the least recently used entry when full. Used for compiled policies: every
/// policy version ever evaluated would otherwise stay in memory for the life of the process. One lock
/// guards it; the work it protects is a dictionary lookup and a list splice, far below a policy evaluation.
/// </summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();
    private readonly Lock _lock = new();

    public LruCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The entry for <paramref name="key"/>, made by <paramref name="create"/> when absent; either way it becomes the most recent.</summary>
    /// <remarks><paramref name="create"/> runs under the lock, so it must be cheap (e.g. construct a <see cref="Lazy{T}"/>).</remarks>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Value;
            }

            if (_entries.Count >= _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            var added = _recency.AddFirst((key, create(key)));
            _entries[key] = added;
            return added.Value.Value;
        }
    }

    public bool Contains(TKey key)
    {
        lock (_lock)
        {
            return _entries.ContainsKey(key);
        }
    }
}
