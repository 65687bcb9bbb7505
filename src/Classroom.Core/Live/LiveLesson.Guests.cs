using Classroom.Core.Errors;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Live;

// Guests (observers, display screens) who come by a lesson link: each link lets in at most its cap at
// once, they wait in a lobby space of their own, and revoking a link sends its guests away.
public sealed partial class LiveLesson
{
    public const int DefaultMaxGuestLobby = 50;
    // Links revoked while this room is open: a join that read the link just before it was deleted is
    // still refused here, under the lesson's lock.
    private readonly HashSet<string> _revokedLinks = new(StringComparer.Ordinal);

    /// <summary>Guests who may wait in the lobby at once, apart from the students' space.</summary>
    public int MaxGuestLobby { get; init; } = DefaultMaxGuestLobby;

    /// <summary>How many guests of a link are here now: present, in the lobby, or waiting for the window.</summary>
    public int GuestsOf(string linkKey) => GuestsOfLink(linkKey).Count;

    /// <summary>
    /// Takes out everyone who came by a link the teacher revoked (the host deletes the link, so
    /// nobody comes back by it). A link with nobody on it changes nothing.
    /// </summary>
    public IReadOnlyList<LessonEvent> RevokeLink(string linkKey)
    {
        _revokedLinks.Add(linkKey);
        var events = new List<LessonEvent>();
        foreach (var who in GuestsOfLink(linkKey)) events.AddRange(TakeOutEverywhere(who, RemovalKind.Rejected, null, null));
        return events;
    }

    private static bool IsGuest(ParticipantIdentity who) => who.Role is Role.Observer or Role.Display;

    /// <summary>Refuses a guest whose link is full. Counted under the lesson's lock, so parallel joins cannot overshoot.</summary>
    private void EnsureLinkHasRoom(ParticipantIdentity who)
    {
        if (who.Pass is not { } pass) return;
        if (_revokedLinks.Contains(pass.LinkKey)) throw new ClassroomException(ErrorCodes.UnknownCode, "This link is not valid.");
        var here = GuestsOfLink(pass.LinkKey).Count(g => g.Id != who.Id);
        if (here >= pass.Cap)
            throw new ClassroomException(ErrorCodes.LinkFull, "This link already lets in as many people as the teacher allowed.");
    }

    private List<ParticipantIdentity> GuestsOfLink(string linkKey) =>
        _present.Values.Select(p => p.Identity)
            .Concat(_lobby.Select(e => e.Identity))
            .Concat(_waiting.Values)
            .Where(i => i.Pass?.LinkKey == linkKey)
            .DistinctBy(i => i.Id)
            .ToList();
}
