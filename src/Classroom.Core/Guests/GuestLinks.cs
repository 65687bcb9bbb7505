using Classroom.Core.Errors;
using Classroom.Core.Participants;

namespace Classroom.Core.Guests;

/// <summary>
/// The lesson link a guest came in by, and how many guests it lets in at once. <see cref="LinkKey"/>
/// is the link's token: it stays in memory and is never logged or sent to anyone.
/// </summary>
public sealed record GuestPass(string LinkKey, int Cap);

/// <summary>
/// Rules of per-lesson links for guests (observers and display screens). Guests never take a roster
/// student's place: each link admits at most its cap at once (present, in the lobby or waiting for
/// the window), and guests wait in a lobby space of their own.
/// </summary>
public static class GuestLinks
{
    /// <summary>A class of observers or a few methodologists; an open lesson for a district sets more.</summary>
    public const int DefaultObserverCap = 30;
    public const int MaxObserverCap = 500;

    /// <summary>A branch building has one screen, sometimes a second in another room.</summary>
    public const int DefaultDisplayCap = 2;
    public const int MaxDisplayCap = 20;

    /// <summary>Links one lesson may have: the sum of caps bounds the guests a lesson can hold.</summary>
    public const int MaxLinksPerLesson = 20;

    public const string DefaultDisplayName = "Экран филиала";

    /// <summary>The cap of a new link: the role's default, or what the teacher asked within its bounds.</summary>
    public static int CapFor(Role role, int? requested)
    {
        var (fallback, max) = role switch
        {
            Role.Observer => (DefaultObserverCap, MaxObserverCap),
            Role.Display => (DefaultDisplayCap, MaxDisplayCap),
            _ => throw new ClassroomException(ErrorCodes.BadRequest, "Only observer and display links have a cap."),
        };
        if (requested is null) return fallback;
        if (requested < 1 || requested > max) throw new ClassroomException(ErrorCodes.LinkInvalidCap, $"A {role.ToString().ToLowerInvariant()} link lets in 1 to {max} people at once.");
        return requested.Value;
    }

    /// <summary>The cap of a stored link made before caps existed (null) keeps the role's default.</summary>
    public static int StoredCap(Role role, int? stored) => stored ?? (role == Role.Display ? DefaultDisplayCap : DefaultObserverCap);

    /// <summary>The name of a new link: what the teacher typed, or for a screen "Экран филиала".</summary>
    public static string NameFor(Role role, string? requested) =>
        string.IsNullOrWhiteSpace(requested) ? (role == Role.Display ? DefaultDisplayName : string.Empty) : DisplayName.Clean(requested);

    /// <summary>What a display screen is called in the lesson: the name of its link.</summary>
    public static string ScreenName(string? linkName) => string.IsNullOrWhiteSpace(linkName) ? DefaultDisplayName : linkName;
}
