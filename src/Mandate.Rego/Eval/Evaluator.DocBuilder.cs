using Mandate.Rego.Values;

namespace Mandate.Rego.Eval;

internal sealed partial class Evaluator
{
    /// <summary>Accumulates the nested object a node's ref-head rules generate, detecting conflicts.</summary>
    private sealed class DocBuilder
    {
        private readonly Dictionary<RegoValue, object> _root = new(RegoValueComparer.Instance);

        public void Set(RegoValue[] path, RegoValue value, SourceLocation at, bool multi)
        {
            var level = _root;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (!level.TryGetValue(path[i], out var next))
                {
                    next = new Dictionary<RegoValue, object>(RegoValueComparer.Instance);
                    level[path[i]] = next;
                }

                if (next is not Dictionary<RegoValue, object> d)
                {
                    throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
                }

                level = d;
            }

            var last = path[^1];
            if (multi)
            {
                if (!level.TryGetValue(last, out var existing))
                {
                    existing = new RegoSet.Builder();
                    level[last] = existing;
                }

                if (existing is not RegoSet.Builder sb)
                {
                    throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
                }

                sb.Add(value);
                return;
            }

            if (level.TryGetValue(last, out var old))
            {
                if (old is RegoValue ov && ov.Equals(value))
                {
                    return;
                }

                throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
            }

            level[last] = value;
        }

        /// <summary>Merges a child document (from rules below the node) into the generated object.</summary>
        public void Merge(RegoValue key, RegoValue value, SourceLocation at) => MergeInto(_root, key, value, at);

        private static void MergeInto(Dictionary<RegoValue, object> level, RegoValue key, RegoValue value, SourceLocation at)
        {
            if (!level.TryGetValue(key, out var existing))
            {
                level[key] = value;
                return;
            }

            if (existing is Dictionary<RegoValue, object> d && value is RegoObject o)
            {
                for (var i = 0; i < o.Count; i++)
                {
                    MergeInto(d, o.Keys[i], o.Values[i], at);
                }

                return;
            }

            if (existing is RegoValue ev && ev.Equals(value))
            {
                return;
            }

            if (existing is RegoSet.Builder sb && value is RegoSet set)
            {
                foreach (var item in set.Items)
                {
                    sb.Add(item);
                }

                return;
            }

            throw new RegoEvalException(RegoErrorCodes.EvalConflictError, "object keys must be unique", at);
        }

        public RegoObject Build() => BuildLevel(_root);

        private static RegoObject BuildLevel(Dictionary<RegoValue, object> level)
        {
            var b = new RegoObject.Builder();
            foreach (var (k, v) in level)
            {
                b.Set(k, v switch
                {
                    RegoValue rv => rv,
                    RegoSet.Builder sb => sb.Build(),
                    Dictionary<RegoValue, object> d => BuildLevel(d),
                    _ => throw new InvalidOperationException(),
                });
            }

            return b.Build();
        }
    }
}
