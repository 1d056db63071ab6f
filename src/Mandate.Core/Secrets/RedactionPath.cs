namespace Mandate.Core.Secrets;

/// <summary>Parses the path syntax of <see cref="Redaction"/>: <c>a.b[0].c</c>, <c>list[*].token</c>.</summary>
internal static class RedactionPath
{
    /// <summary>A property name, or (when <see cref="Property"/> is null) an array index; a null index means every element.</summary>
    internal readonly record struct Segment(string? Property, int? Index);

    internal static IReadOnlyList<Segment> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<Segment>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    throw Invalid(path, i, "'[' is not closed");
                }

                var inside = path[(i + 1)..close];
                if (inside == "*")
                {
                    segments.Add(new Segment(null, null));
                }
                else if (int.TryParse(inside, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    segments.Add(new Segment(null, n));
                }
                else
                {
                    throw Invalid(path, i, $"'[{inside}]' is neither an index nor [*]");
                }

                i = close + 1;
                if (i < path.Length && path[i] == '.')
                {
                    i++;
                    if (i == path.Length)
                    {
                        throw Invalid(path, i, "it ends with '.'");
                    }
                }

                continue;
            }

            var end = i;
            while (end < path.Length && path[end] is not ('.' or '['))
            {
                end++;
            }

            if (end == i)
            {
                throw Invalid(path, i, "a property name is empty");
            }

            segments.Add(new Segment(path[i..end], null));
            i = end;
            if (i < path.Length && path[i] == '.')
            {
                i++;
                if (i == path.Length)
                {
                    throw Invalid(path, i, "it ends with '.'");
                }
            }
        }

        return segments;
    }

    private static MandateException Invalid(string path, int position, string problem) =>
        new(MandateErrorCodes.InvalidArgument,
            $"redaction path '{path}' is not valid at character {position + 1}: {problem}; write names separated by '.', with [n] or [*] for array elements (e.g. 'ingress[*].token')");
}
