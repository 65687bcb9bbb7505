using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hosting;

/// <summary>
/// A time zone id this machine knows (an IANA id such as <c>Europe/Moscow</c>), or empty for the
/// machine's own: checked at start, so a typo stops the server instead of every report.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeZoneIdAttribute : ValidationAttribute
{
    public TimeZoneIdAttribute()
        : base("Classroom:TimeZone must be an IANA time zone id such as Europe/Moscow (see /usr/share/zoneinfo).")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string id || string.IsNullOrWhiteSpace(id) || TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _);
}

/// <summary>
/// The school's time zone, for everything a person reads as a wall-clock time outside the browser
/// (CSV reports) and for the pages that must show the school's time rather than the device's (a
/// teacher at home in another region reads the report as the school does).
/// </summary>
public sealed class SchoolTime
{
    public SchoolTime(IOptions<ClassroomOptions> options)
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
