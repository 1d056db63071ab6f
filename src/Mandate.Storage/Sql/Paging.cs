namespace Mandate.Storage.Sql;

using Mandate.Core.Stores;

/// <summary>Builds a page from limit+1 rows: the extra row only says whether another page exists.</summary>
internal static class Paging
{
    public static Page<TRecord> Build<TRow, TRecord>(IReadOnlyList<TRow> rows, int limit, Func<TRow, TRecord> map, Func<TRow, string> cursorOf)
    {
        var hasMore = rows.Count > limit;
        var kept = hasMore ? rows.Take(limit).ToList() : rows;
        return new Page<TRecord>(kept.Select(map).ToList(), hasMore ? cursorOf(kept[^1]) : null);
    }
}
