using Classroom.Core.Moderation;
using Classroom.Core.Moderation.Bans;
using Classroom.Core.Participants;

namespace Classroom.Core.Live;

// Bans given in another lesson of the same cabinet. The lesson where the teacher acted decides the
// ban (LiveLesson.Lobby.cs); these apply it here, so a cabinet ban reaches every loaded lesson of the
// cabinet at once instead of only those loaded later.
public sealed partial class LiveLesson
{
    /// <summary>
    /// A ban given in lesson <paramref name="givenInLesson"/> of cabinet <paramref name="givenInCabinet"/>:
    /// if it reaches this lesson, the person is refused from now on and taken out of it wherever they
    /// are (present, lobby, waiting for the window). <paramref name="origin"/> is the teacher's log
    /// line from the other lesson; it is repeated here only if someone was taken out, so this lesson's
    /// report says why they left. Applying the same ban twice changes nothing.
    /// </summary>
    public IReadOnlyList<LessonEvent> ApplyBanFromElsewhere(Ban ban, Guid givenInLesson, Guid givenInCabinet, ModerationEntry origin)
    {
        if (givenInLesson == LessonId || !BanReach.Reaches(ban.Scope, givenInLesson, givenInCabinet, LessonId, CabinetId)) return [];
        var events = new List<LessonEvent>();
        if (_bans.TryAdd(ban.Id, ban)) events.Add(new BansChanged(LessonId, Bans));
        if (IdentityOf(ban.ParticipantId) is { } who && !who.Role.IsStaff())
        {
            var removed = TakeOutEverywhere(who, RemovalKind.Banned, ban.Reason, null);
            if (removed.Count > 0)
            {
                events.AddRange(removed);
                events.Add(new Moderated(LessonId, origin));
            }
        }
        return events;
    }

    /// <summary>
    /// A ban lifted in another lesson of the cabinet: lifted here too (staff see the new list; the
    /// lesson where it was lifted already stored that). Unknown ids change nothing.
    /// </summary>
    public IReadOnlyList<LessonEvent> LiftBanFromElsewhere(Guid banId) =>
        _bans.Remove(banId) ? [new BansChanged(LessonId, Bans)] : [];

    /// <summary>Someone this lesson knows of by id: admitted once, in the lobby, or waiting for the window.</summary>
    private ParticipantIdentity? IdentityOf(string participantId) =>
        _known.GetValueOrDefault(participantId)
        ?? _lobby.FirstOrDefault(e => e.Identity.Id == participantId)?.Identity
        ?? _waiting.Values.FirstOrDefault(w => w.Id == participantId);
}
