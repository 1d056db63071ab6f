namespace Mandate.Server.Api;

using Mandate.Core;
using Mandate.Core.Stores;

/// <summary>
/// The <c>cursor</c> and <c>limit</c> query parameters of every list. A page answers
/// <c>{"items": [...], "next_cursor": "..."}</c>; pass <c>next_cursor</c> back as <c>cursor</c> for the
/// next page; no <c>next_cursor</c> means the end.
/// </summary>
internal static class ApiPaging
{
    public static PageRequest Request(string? cursor, int? limit)
    {
        if (limit is < 1 or > PageRequest.MaxLimit)
        {
            throw new MandateException(MandateErrorCodes.InvalidArgument,
                $"limit must be between 1 and {PageRequest.MaxLimit}; got {limit} (leave it out for {PageRequest.DefaultLimit})",
                new Dictionary<string, object?> { ["parameter"] = "limit" });
        }

        return new PageRequest(string.IsNullOrEmpty(cursor) ? null : cursor, limit ?? PageRequest.DefaultLimit);
    }
}
