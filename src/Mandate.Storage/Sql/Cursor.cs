namespace Mandate.Storage.Sql;

using System.Buffers.Text;
using System.Text;
using Mandate.Core;

/// <summary>
/// Opaque paging cursors: the sort key of the last item returned, base64url-encoded with a version tag,
/// so clients cannot depend on their shape and a tampered cursor fails clearly.
/// </summary>
internal static class Cursor
{
    private const string Tag = "c1";
    private const char Separator = '\u001f';

    public static string Encode(params string[] keys) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, [Tag, .. keys])));

    /// <summary>Decodes a cursor holding exactly <paramref name="parts"/> keys; null cursor → null.</summary>
    public static string[]? Decode(string? cursor, int parts)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            var fields = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(Separator);
            if (fields.Length == parts + 1 && fields[0] == Tag)
            {
                return fields[1..];
            }
        }
        catch (FormatException)
        {
        }

        throw new MandateException(MandateErrorCodes.InvalidArgument,
            "the cursor is not valid; pass the next_cursor returned by the previous page unchanged, or omit it to start over");
    }
}
