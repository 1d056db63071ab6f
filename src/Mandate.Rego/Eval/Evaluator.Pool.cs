using System.Runtime.CompilerServices;
using Mandate.Rego.Compile;
using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

/// <summary>
/// Reuse of per-evaluation state. A decision on a small policy takes about a microsecond, so allocating
/// the evaluator, its builtin context, its rule cache and a frame per rule would cost as much as the
/// evaluation itself. Each thread keeps one idle evaluator; a query takes it (or makes a new one when the
/// thread's evaluator is busy, e.g. a print callback that evaluates another query) and gives it back when
/// done. Evaluators are never shared between threads, so concurrent evaluation stays safe.
/// </summary>
internal sealed partial class Evaluator
{
    // Arrays above this length are rare (rules with many locals) and simply allocated.
    private const int MaxPooledArrayLength = 32;

    // Enough for deep call chains without letting one pathological query pin a lot of memory.
    private const int MaxPooledPerLength = 16;

    [ThreadStatic]
    private static Evaluator? t_idle;

    // Free arrays by length: frames (variable slots) and builtin argument lists.
    private readonly RegoValue[][]?[] _freeArrays = new RegoValue[][]?[MaxPooledArrayLength + 1];
    private readonly int[] _freeCounts = new int[MaxPooledArrayLength + 1];
    private readonly Stack<RegoSet.Builder> _freeSetBuilders = new();

    // The rule cache of the outermost scope, kept across evaluations (cleared, not reallocated).
    private readonly Dictionary<RuleNode, RegoValue?> _rootCache = [];

    /// <summary>Takes this thread's idle evaluator (or a new one) and prepares it for one query.</summary>
    public static Evaluator Rent(CompiledPolicy policy, RegoValue? input, EvalOptions options)
    {
        var evaluator = t_idle ?? new Evaluator();
        t_idle = null;
        evaluator.Reset(policy, input, options);
        return evaluator;
    }

    /// <summary>Drops every reference to the finished query's values and makes the evaluator this thread's idle one.</summary>
    public void Return()
    {
        _input = null;
        _data = RegoNull.Instance;
        _policy = null!;
        _options = EvalOptions.Default;
        _rootCache.Clear();
        _indexes.Clear();
        _cache = null;
        _disabled = null;
        _mocks = null;
        _printed = null;
        _firstBuiltinError = null;
        _bctx.Release();
        t_idle = this;
    }

    private void Reset(CompiledPolicy policy, RegoValue? input, EvalOptions options)
    {
        _policy = policy;
        _options = options;
        _input = input;
        _data = options.Data ?? policy.Data;
        _bctx.Reset(options.Limits, options.Now, options.StrictBuiltinErrors, options.Seed, options.CancellationToken);
        _rootCache.Clear();
        _indexes.Clear();
        _cache = _rootCache;
        _disabled = null;
        _mocks = null;
        _depth = 0;
        _firstBuiltinError = null;
        _printed = null;
    }

    /// <summary>A cleared array of <paramref name="length"/> elements: a rule's frame or a call's arguments.</summary>
    private RegoValue[] RentArray(int length)
    {
        if (length == 0)
        {
            return [];
        }

        if (length <= MaxPooledArrayLength && _freeCounts[length] > 0)
        {
            var free = _freeArrays[length];
            var n = --_freeCounts[length];
            // The slot keeps a stale reference until overwritten; the array is pooled either way.
            return free![n];
        }

        return new RegoValue[length];
    }

    /// <summary>Gives back an array from <see cref="RentArray"/> once nothing reads it any more (cleared here).</summary>
    private void ReturnArray(RegoValue?[] array)
    {
        var length = array.Length;
        if (length == 0 || length > MaxPooledArrayLength)
        {
            return;
        }

        var free = _freeArrays[length] ??= new RegoValue[MaxPooledPerLength][];
        var n = _freeCounts[length];
        if (n < free.Length)
        {
            Array.Clear(array);
            free[n] = Unsafe.As<RegoValue[]>(array);
            _freeCounts[length] = n + 1;
        }
    }

    private RegoSet.Builder RentSetBuilder() => _freeSetBuilders.TryPop(out var b) ? b : new RegoSet.Builder();

    private void ReturnSetBuilder(RegoSet.Builder builder)
    {
        if (_freeSetBuilders.Count < MaxPooledPerLength)
        {
            builder.Clear();
            _freeSetBuilders.Push(builder);
        }
    }
}
