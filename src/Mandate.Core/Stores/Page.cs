namespace Mandate.Core.Stores;

/// <summary>One page of a list; pass <see cref="NextCursor"/> back to get the next, null means the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>How much of a list to return and from where.</summary>
/// <param name="Cursor">Opaque position returned by the previous page; null starts at the beginning.</param>
/// <param name="Limit">Maximum items; at most <see cref="MaxLimit"/>; zero or less (also <c>default</c>) means <see cref="DefaultLimit"/>.</param>
public readonly record struct PageRequest(string? Cursor = null, int Limit = PageRequest.DefaultLimit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public int EffectiveLimit => Limit <= 0 ? DefaultLimit : Math.Min(Limit, MaxLimit);
}
