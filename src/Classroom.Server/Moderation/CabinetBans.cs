using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Server.Live;

namespace Classroom.Server.Moderation;

/// <summary>
/// Carries a cabinet ban, and its lifting, from the lesson where the teacher acted to every other
/// loaded lesson of the cabinet (Core decides what it does there). Runs after the acting room's lock
/// is released: two teachers banning in two lessons at once must not wait on each other's rooms.
/// The ban is already stored, so rooms that load later read it themselves.
/// </summary>
public sealed class CabinetBans(LessonRooms rooms, LessonPublisher publisher)
{
    public async Task SpreadAsync(LessonRoom origin, IReadOnlyList<LessonEvent> events)
    {
        var banned = events.OfType<Banned>().Where(b => b.Ban.Scope == BanScope.Cabinet).ToList();
        var lifted = events.OfType<Unbanned>().ToList();
        if (banned.Count == 0 && lifted.Count == 0) return;
        foreach (var room in await rooms.OfCabinetAsync(origin.Facts.CabinetId))
        {
            if (room == origin) continue;
            // Not cancelled with the teacher's request: a ban that is stored must reach every lesson.
            await room.LockedAsync(async () =>
            {
                foreach (var b in banned)
                {
                    await publisher.ApplyAsync(room, room.Live.ApplyBanFromElsewhere(b.Ban, origin.LessonId, origin.Facts.CabinetId, LogLineOf(b.Ban, events)));
                }
                foreach (var u in lifted) await publisher.ApplyAsync(room, room.Live.LiftBanFromElsewhere(u.BanId));
            }, CancellationToken.None);
        }
    }

    /// <summary>The teacher's log line for this ban in the lesson where it was given.</summary>
    private static ModerationEntry LogLineOf(Ban ban, IReadOnlyList<LessonEvent> events) =>
        events.OfType<Moderated>().Select(m => m.Entry).LastOrDefault(e => e.Action == ModerationAction.BanFromCabinet && e.TargetId == ban.ParticipantId)
        ?? new ModerationEntry(ban.At, "server", "Сервер", ban.ParticipantId, ban.Name, ModerationAction.BanFromCabinet, ban.Reason);
}
