using System.Globalization;
using Mandate.Rego.Values;

namespace Mandate.Rego.Builtins;

/// <summary>
/// json.patch: RFC 6902 operations (add, remove, replace, move, copy, test) over any value, extended to
/// sets as OPA does (a set member is addressed by itself; adding requires key == value). A patch that
/// cannot apply makes the result undefined rather than an error, as in OPA.
/// </summary>
internal static class JsonPatch
{
    private static readonly string[] ValidOps = ["add", "remove", "replace", "move", "copy", "test"];

    [RegoBuiltin("json.patch")]
    public static RegoValue? Patch(RegoValue target, RegoValue patches)
    {
        RegoArray ops = Operands.Array(patches, 2);
        RegoValue doc = target;
        foreach (RegoValue item in ops.Items)
        {
            if (item is not RegoObject op) return null;
            RegoValue? next = Apply(doc, op);
            if (next is null) return null;
            doc = next;
        }
        return doc;
    }

    private static RegoValue? Apply(RegoValue doc, RegoObject op)
    {
        if (op["op"] is not RegoString name || !ValidOps.Contains(name.Value)) return null;
        if (op["path"] is not { } pathValue) return null;
        RegoValue[] path = JsonPaths.ParsePath(pathValue);
        switch (name.Value)
        {
            case "add":
                return op["value"] is { } addValue ? Insert(doc, path, 0, addValue) : null;
            case "remove":
                return Delete(doc, path, 0);
            case "replace":
                if (op["value"] is not { } replaceValue) return null;
                if (path.Length == 0) return replaceValue;
                RegoValue? removed = Delete(doc, path, 0);
                return removed is null ? null : Insert(removed, path, 0, replaceValue);
            case "move":
            case "copy":
                if (op["from"] is not { } fromValue) return null;
                RegoValue[] from = JsonPaths.ParsePath(fromValue);
                RegoValue? chunk = Get(doc, from);
                if (chunk is null) return null;
                RegoValue? source = name.Value == "move" ? Delete(doc, from, 0) : doc;
                return source is null ? null : Insert(source, path, 0, chunk);
            default:
                if (op["value"] is not { } expected) return null;
                RegoValue? actual = Get(doc, path);
                return actual is not null && actual.Equals(expected) ? doc : null;
        }
    }

    private static RegoValue? Get(RegoValue doc, RegoValue[] path)
    {
        RegoValue current = doc;
        foreach (RegoValue key in path)
        {
            RegoValue? next = current switch
            {
                RegoObject o => o[key],
                RegoArray a => TryIndex(key, a.Count - 1, out int i) ? a[i] : null,
                RegoSet s => s.Contains(key) ? key : null,
                _ => null,
            };
            if (next is null) return null;
            current = next;
        }
        return current;
    }

    private static RegoValue? Insert(RegoValue doc, RegoValue[] path, int depth, RegoValue value)
    {
        if (depth == path.Length) return value;
        RegoValue key = path[depth];
        bool last = depth == path.Length - 1;
        switch (doc)
        {
            case RegoObject o:
            {
                RegoValue? child = last ? value : o[key] is { } existing ? Insert(existing, path, depth + 1, value) : null;
                if (child is null) return null;
                RegoObject.Builder b = o.ToBuilder();
                b.Set(key, child);
                return b.Build();
            }
            case RegoArray a:
            {
                var items = a.Items.ToArray().ToList();
                if (last)
                {
                    int at;
                    if (key is RegoString { Value: "-" }) at = items.Count;
                    else if (!TryIndex(key, items.Count, out at)) return null;
                    items.Insert(at, value);
                    return RegoArray.From(items);
                }
                if (!TryIndex(key, items.Count - 1, out int i)) return null;
                RegoValue? child = Insert(items[i], path, depth + 1, value);
                if (child is null) return null;
                items[i] = child;
                return RegoArray.From(items);
            }
            case RegoSet s:
            {
                if (last)
                {
                    return key.Equals(value) ? s.Union(RegoSet.From(value)) : null;
                }
                if (!s.Contains(key)) return null;
                RegoValue? child = Insert(key, path, depth + 1, value);
                if (child is null) return null;
                return RegoSet.From(s.Items.ToArray().Where(x => !x.Equals(key)).Append(child));
            }
            default:
                return null;
        }
    }

    private static RegoValue? Delete(RegoValue doc, RegoValue[] path, int depth)
    {
        // Removing the whole document leaves nothing to return.
        if (path.Length == 0) return null;
        RegoValue key = path[depth];
        bool last = depth == path.Length - 1;
        switch (doc)
        {
            case RegoObject o:
            {
                if (o[key] is not { } existing) return null;
                RegoObject.Builder b = o.ToBuilder();
                if (last)
                {
                    b.Remove(key);
                    return b.Build();
                }
                RegoValue? child = Delete(existing, path, depth + 1);
                if (child is null) return null;
                b.Set(key, child);
                return b.Build();
            }
            case RegoArray a:
            {
                if (!TryIndex(key, a.Count - 1, out int i)) return null;
                var items = a.Items.ToArray().ToList();
                if (last)
                {
                    items.RemoveAt(i);
                    return RegoArray.From(items);
                }
                RegoValue? child = Delete(items[i], path, depth + 1);
                if (child is null) return null;
                items[i] = child;
                return RegoArray.From(items);
            }
            case RegoSet s:
            {
                if (!s.Contains(key)) return null;
                if (last) return s.Except(RegoSet.From(key));
                RegoValue? child = Delete(key, path, depth + 1);
                if (child is null) return null;
                return RegoSet.From(s.Items.ToArray().Where(x => !x.Equals(key)).Append(child));
            }
            default:
                return null;
        }
    }

    /// <summary>An array index from a number or a decimal string, within [0, max].</summary>
    private static bool TryIndex(RegoValue key, int max, out int index)
    {
        index = -1;
        bool ok = key switch
        {
            RegoNumber n => n.TryGetInt32(out index),
            // RFC 6901: no leading zeros in an array index.
            RegoString s => s.Value.Length > 0 && s.Value.All(char.IsAsciiDigit) && (s.Value.Length == 1 || s.Value[0] != '0')
                && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out index),
            _ => false,
        };
        return ok && index >= 0 && index <= max;
    }
}
