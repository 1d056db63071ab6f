using System.Globalization;
using System.Text;

namespace Mandate.Providers.Cty;

public sealed partial class CtyValue : IEquatable<CtyValue>
{
    private int _hash;

    /// <summary>
    /// Raw structural equality, as cty's RawEquals: same type, same null/unknown state, same marks, same content.
    /// Two unknowns of one type are equal here (they are the same placeholder), unlike cty's three-valued Equals.
    /// </summary>
    public bool Equals(CtyValue? other) => Equals(other, ignoreMarks: false);

    /// <summary>Structural equality that ignores sensitive marks at every depth.</summary>
    public bool EqualsIgnoringMarks(CtyValue? other) => Equals(other, ignoreMarks: true);

    private bool Equals(CtyValue? other, bool ignoreMarks)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || State != other.State || !Type.Equals(other.Type)) return false;
        if (!ignoreMarks && IsSensitive != other.IsSensitive) return false;
        if (State != CtyValueState.Known) return true;
        switch (Type.Kind)
        {
            case CtyTypeKind.String: return string.Equals(_string, other._string, StringComparison.Ordinal);
            case CtyTypeKind.Number: return _number.Equals(other._number);
            case CtyTypeKind.Bool: return _bool == other._bool;
        }

        if (_elements.Length != other._elements.Length || !_mapKeys.SequenceEqual(other._mapKeys, StringComparer.Ordinal)) return false;
        for (var i = 0; i < _elements.Length; i++)
        {
            if (!_elements[i].Equals(other._elements[i], ignoreMarks)) return false;
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CtyValue);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = new HashCode();
        h.Add(Type);
        h.Add(State);
        h.Add(IsSensitive);
        if (State == CtyValueState.Known)
        {
            h.Add(_string, StringComparer.Ordinal);
            h.Add(_number);
            h.Add(_bool);
            foreach (var k in _mapKeys) h.Add(k, StringComparer.Ordinal);
            foreach (var e in _elements) h.Add(e);
        }

        var result = h.ToHashCode();
        _hash = result == 0 ? 1 : result;
        return _hash;
    }

    /// <summary>True when this value or anything inside it is unknown.</summary>
    public bool IsWhollyKnown => State == CtyValueState.Known ? _elements.All(e => e.IsWhollyKnown) : State == CtyValueState.Null;

    /// <summary>True when this value or anything inside it is marked sensitive.</summary>
    public bool ContainsSensitive => IsSensitive || _elements.Any(e => e.ContainsSensitive);

    /// <summary>The same value with every sensitive mark removed, at any depth (before encoding for the wire).</summary>
    public CtyValue UnmarkDeep()
    {
        if (!ContainsSensitive) return this;
        var v = Unmark();
        return v._elements.IsEmpty ? v : v.WithElements([.. v._elements.Select(e => e.UnmarkDeep())]);
    }

    /// <summary>A debugging rendering such as <c>{"name"="a", "tags"=null}</c>; unknowns print as (unknown).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Render(sb);
        return sb.ToString();
    }

    private void Render(StringBuilder sb)
    {
        if (IsSensitive) sb.Append("sensitive(");
        if (State == CtyValueState.Null) sb.Append("null");
        else if (State == CtyValueState.Unknown) sb.Append("(unknown ").Append(Type.FriendlyName()).Append(')');
        else
        {
            switch (Type.Kind)
            {
                case CtyTypeKind.String: sb.Append('"').Append(_string).Append('"'); break;
                case CtyTypeKind.Number: sb.Append(_number.ToString()); break;
                case CtyTypeKind.Bool: sb.Append(_bool ? "true" : "false"); break;
                case CtyTypeKind.Object or CtyTypeKind.Map:
                    sb.Append('{');
                    for (var i = 0; i < _elements.Length; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        var key = Type.Kind == CtyTypeKind.Map ? _mapKeys[i] : Type.AttributeNames[i];
                        sb.Append(CultureInfo.InvariantCulture, $"\"{key}\"=");
                        _elements[i].Render(sb);
                    }

                    sb.Append('}');
                    break;
                default:
                    sb.Append(Type.Kind == CtyTypeKind.Set ? "set[" : "[");
                    for (var i = 0; i < _elements.Length; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        _elements[i].Render(sb);
                    }

                    sb.Append(']');
                    break;
            }
        }

        if (IsSensitive) sb.Append(')');
    }
}

/// <summary>
/// The canonical order of set members: known values before unknowns before nulls; strings by ordinal, numbers by
/// value, false before true; anything else by its rendering, which is deterministic. Only determinism matters:
/// it makes equal sets element-wise equal.
/// </summary>
internal sealed class CtySetOrder : IComparer<CtyValue>
{
    public static readonly CtySetOrder Instance = new();

    public int Compare(CtyValue? x, CtyValue? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byState = x.State.CompareTo(y.State);
        if (byState != 0 || x.State != CtyValueState.Known) return byState;
        if (x.Type.Kind == y.Type.Kind)
        {
            switch (x.Type.Kind)
            {
                case CtyTypeKind.String: return string.CompareOrdinal(x.AsString(), y.AsString());
                case CtyTypeKind.Number: return x.AsNumber().CompareTo(y.AsNumber());
                case CtyTypeKind.Bool: return x.AsBool().CompareTo(y.AsBool());
            }
        }

        var byMark = x.IsSensitive.CompareTo(y.IsSensitive);
        return byMark != 0 ? byMark : string.CompareOrdinal(x.ToString(), y.ToString());
    }
}
