using System.Collections.Concurrent;
using System.Globalization;

namespace Mandate.Rego.Builtins;

/// <summary>
/// A time zone as the time builtins need it: the UTC offset and Go's abbreviation ("EST", "IST") at an
/// instant. IANA offsets come from <see cref="TimeZoneInfo"/>; .NET has no abbreviations, so they are read
/// from the system TZif file when there is one (Go prints a numeric "-0700" when it has no name).
/// </summary>
internal sealed class GoZone
{
    private static readonly ConcurrentDictionary<string, GoZone> Cache = new(StringComparer.Ordinal);

    public static readonly GoZone Utc = new("UTC", null, 0, "UTC", []);

    private readonly TimeZoneInfo? _info;
    private readonly int _fixedOffset;
    private readonly string? _fixedName;
    private readonly (int Offset, bool Dst, string Abbreviation)[] _abbreviations;

    private GoZone(string name, TimeZoneInfo? info, int fixedOffset, string? fixedName, (int, bool, string)[] abbreviations)
    {
        Name = name;
        _info = info;
        _fixedOffset = fixedOffset;
        _fixedName = fixedName;
        _abbreviations = abbreviations;
    }

    public string Name { get; }

    /// <summary>A zone with a constant offset, as Go's <c>time.FixedZone</c> (name may be null).</summary>
    public static GoZone Fixed(int offsetSeconds, string? name) => new(name ?? "", null, offsetSeconds, name, []);

    /// <summary>
    /// Resolves a zone name the way OPA does: "" and "UTC" are UTC, "Local" the machine's zone, anything
    /// else an IANA name. Returns false with Go's error text for unknown names.
    /// </summary>
    public static bool TryLoad(string name, out GoZone zone, out string error)
    {
        error = "";
        if (name is "" or "UTC")
        {
            zone = Utc;
            return true;
        }
        if (Cache.TryGetValue(name, out zone!))
        {
            return true;
        }
        TimeZoneInfo info;
        try
        {
            info = name == "Local" ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = Utc;
            error = "unknown time zone " + name;
            return false;
        }
        zone = new GoZone(name, info, 0, null, ReadAbbreviations(name == "Local" ? "localtime" : name));
        Cache.TryAdd(name, zone);
        return true;
    }

    /// <summary>Offset east of UTC in seconds and the zone abbreviation (null when unknown) at an instant.</summary>
    public (int Offset, string? Abbreviation) At(long unixSeconds)
    {
        if (_info is null)
        {
            return (_fixedOffset, _fixedName);
        }
        // TimeZoneInfo only covers DateTime's range; int64 nanoseconds (1677–2262) always fit inside it.
        var clamped = Math.Clamp(unixSeconds, -62_135_596_800L, 253_402_300_799L);
        var instant = DateTimeOffset.FromUnixTimeSeconds(clamped).UtcDateTime;
        var offset = (int)_info.GetUtcOffset(instant).TotalSeconds;
        var dst = _info.IsDaylightSavingTime(instant);
        string? abbreviation = null;
        foreach (var (o, d, a) in _abbreviations)
        {
            if (o == offset)
            {
                abbreviation = a;
                if (d == dst)
                {
                    break;
                }
            }
        }
        return (offset, abbreviation);
    }

    /// <summary>Go's <c>time.Date</c> zone step: the Unix second whose wall clock here reads <paramref name="localSeconds"/>.</summary>
    public long LocalToUnix(long localSeconds)
    {
        var (guess, _) = At(localSeconds);
        var utc = localSeconds - guess;
        var (actual, _) = At(utc);
        return localSeconds - actual;
    }

    // The abbreviations of a TZif file's local time types, last type first so that the most recent
    // abbreviation for an offset wins (zones renamed their abbreviations over history).
    private static (int, bool, string)[] ReadAbbreviations(string name)
    {
        try
        {
            if (name.Contains("..", StringComparison.Ordinal))
            {
                return [];
            }
            var path = name == "localtime" ? "/etc/localtime" : Path.Combine("/usr/share/zoneinfo", name);
            if (!File.Exists(path))
            {
                return [];
            }
            var data = File.ReadAllBytes(path);
            return ParseTzifTypes(data);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    internal static (int, bool, string)[] ParseTzifTypes(byte[] data)
    {
        if (data.Length < 44 || data[0] != 'T' || data[1] != 'Z' || data[2] != 'i' || data[3] != 'f')
        {
            return [];
        }
        int Count(int at) => (data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3];
        int isUtCount = Count(20), isStdCount = Count(24), leapCount = Count(28), timeCount = Count(32),
            typeCount = Count(36), charCount = Count(40);
        // The version 1 block (32-bit times) carries the same types as the version 2 block; reading it is enough
        // for abbreviations.
        var typesAt = 44 + timeCount * 4 + timeCount;
        var charsAt = typesAt + typeCount * 6;
        if (charsAt + charCount > data.Length)
        {
            return [];
        }
        _ = isUtCount + isStdCount + leapCount;
        var result = new List<(int, bool, string)>(typeCount);
        for (var i = typeCount - 1; i >= 0; i--)
        {
            var at = typesAt + i * 6;
            var offset = Count(at);
            var dst = data[at + 4] != 0;
            int index = data[at + 5], end = index;
            while (end < charCount && data[charsAt + end] != 0)
            {
                end++;
            }
            var abbreviation = System.Text.Encoding.ASCII.GetString(data, charsAt + index, end - index);
            // Zones without a letter abbreviation use numeric names such as "+0530"; Go prints those as-is too.
            result.Add((offset, dst, abbreviation.Length == 0 ? offset.ToString(CultureInfo.InvariantCulture) : abbreviation));
        }
        return [.. result];
    }
}
