using System.ComponentModel.DataAnnotations;

namespace Classroom.Server.Hosting;

/// <summary>
/// The school's settings, section <c>Classroom</c> (env: <c>Classroom__DataDirectory</c>, ...): the one
/// class bound to that section's own keys. Features with settings of their own bind sub-sections
/// (<c>Classroom:Https</c>, <c>Login</c>, <c>Logs</c>, <c>Chat</c>, <c>Media</c>).
/// </summary>
public sealed class ClassroomOptions
{
    public const string Section = "Classroom";

    /// <summary>Folder of the embedded SQLite file, relative to the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Overrides the SQLite file location entirely when set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The school's name, shown on branch displays and waiting screens (empty: not shown). One line of
    /// plain text: no control characters.
    /// </summary>
    [MaxLength(120)]
    [RegularExpression(@"^[^\p{C}]*$", ErrorMessage = "SchoolName must be one line of text without control characters.")]
    public string SchoolName { get; set; } = "";

    /// <summary>
    /// The school's time zone, an IANA id such as <c>Europe/Moscow</c>; empty: the machine's own. Read
    /// through <see cref="SchoolTime"/>.
    /// </summary>
    [TimeZoneId]
    public string? TimeZone { get; set; }

    /// <summary>Default for new lessons: how many minutes before the start students may come in.</summary>
    [Range(0, 120)]
    public int DefaultEntryOpensMinutesBefore { get; set; } = 10;

    /// <summary>A lesson the teacher forgot to end closes itself this long after its scheduled end.</summary>
    [Range(0, 600)]
    public int OverrunGraceMinutes { get; set; } = 30;

    /// <summary>Largest hub message a client may send, in bytes.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxHubMessageBytes { get; set; } = 32 * 1024;

    /// <summary>Hub calls one connection may make per <see cref="HubCallWindow"/>; floods get <c>rate_limited</c>.</summary>
    [Range(1, 10_000)]
    public int HubCallsPerWindow { get; set; } = 40;

    public TimeSpan HubCallWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Refused flooding calls after which the connection is closed and the teacher told.</summary>
    [Range(1, 10_000)]
    public int FloodStrikesToDisconnect { get; set; } = 20;

    /// <summary>Roster students who may wait in one lesson's lobby at once (a class has at most 200).</summary>
    [Range(1, 10_000)]
    public int MaxLobbySize { get; set; } = 200;

    /// <summary>Guests (observers, screens) who may wait in one lesson's lobby at once, in a space apart from students'.</summary>
    [Range(1, 10_000)]
    public int MaxGuestLobbySize { get; set; } = 50;

    /// <summary>Login attempts one address may make per minute (on top of per-account lockout).</summary>
    [Range(1, 10_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// Class link lookups one address may make per minute (the page needs one per visit). A whole
    /// class behind one village NAT opening it at the bell stays far below.
    /// </summary>
    [Range(1, 100_000)]
    public int ClassLinkLookupsPerMinute { get; set; } = 120;

    public TimeSpan OverrunGrace => TimeSpan.FromMinutes(OverrunGraceMinutes);

    public string SqliteConnectionString =>
        ConnectionString ?? $"Data Source={Path.Combine(DataDirectory, "classroom.db")}";
}
