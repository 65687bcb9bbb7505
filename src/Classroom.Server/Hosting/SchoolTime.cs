using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting;

/// <summary>Settings of the school features, section <c>Classroom</c> beside <see cref="ClassroomOptions"/>.</summary>
public sealed class SchoolOptions
{
    /// <summary><c>Classroom:TimeZone</c>: the school's time zone, an IANA id such as <c>Europe/Moscow</c>; empty: the machine's own.</summary>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Class link lookups one address may make per minute (the page needs one per visit). A whole
    /// class behind one village NAT opening it at the bell stays far below.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int ClassLinkLookupsPerMinute { get; set; } = 120;

    public static bool IsValid(SchoolOptions o) =>
        string.IsNullOrWhiteSpace(o.TimeZone) || TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone.Trim(), out _);
}

/// <summary>
/// The school's time zone, for everything a person reads as a wall-clock time outside the browser
/// (CSV reports) and for the pages that must show the school's time rather than the device's (a
/// teacher at home in another region reads the report as the school does).
/// </summary>
public sealed class SchoolTime
{
    public SchoolTime(IOptions<SchoolOptions> options)
    {
        var id = options.Value.TimeZone?.Trim();
        Zone = string.IsNullOrEmpty(id) ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(id);
        ZoneId = IanaIdOf(Zone);
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>An id browsers understand (<c>Intl.DateTimeFormat</c>'s <c>timeZone</c>).</summary>
    public string ZoneId { get; }

    public DateTimeOffset ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>"Europe/Moscow, UTC+03:00" for a CSV header.</summary>
    public string Describe(DateTimeOffset at)
    {
        var offset = Zone.GetUtcOffset(at);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return $"{ZoneId}, UTC{sign}{offset.Duration():hh\\:mm}";
    }

    /// <summary>
    /// The IANA id of a zone. A machine without a named local zone (no /etc/localtime link) gives a
    /// fixed offset instead: "Etc/GMT-3" is UTC+3 (the sign of Etc zones is inverted by POSIX).
    /// </summary>
    private static string IanaIdOf(TimeZoneInfo zone)
    {
        if (zone.HasIanaId) return zone.Id;
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana)) return iana;
        var hours = zone.BaseUtcOffset.TotalHours;
        if (hours == 0) return "UTC";
        return hours == Math.Floor(hours) ? $"Etc/GMT{(hours > 0 ? "-" : "+")}{Math.Abs(hours)}" : "UTC";
    }
}
