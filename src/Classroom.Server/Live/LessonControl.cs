using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Core.Lessons;
using Classroom.Server.Hosting;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Live;

/// <summary>The teacher's hand on a lesson's clock: open early and end. Used by the hub and the HTTP API.</summary>
public sealed class LessonControl(
    LessonRooms rooms,
    Entry entry,
    LessonPublisher publisher,
    IDbContextFactory<ClassroomDb> dbs,
    IOptions<ClassroomOptions> options,
    TimeProvider time,
    ILogger<LessonControl> logger)
{
    /// <summary>Opens entry now; everyone waiting comes in at once.</summary>
    public async Task OpenEarlyAsync(Guid lessonId, CancellationToken ct)
    {
        var room = await rooms.GetAsync(lessonId, ct);
        await room.LockedAsync(async () =>
        {
            var now = time.GetUtcNow();
            if (room.Live.Ended || room.Facts.Clock.IsEnded(now, options.Value.OverrunGrace))
                throw new ClassroomException(ErrorCodes.LessonEnded, "The lesson has ended.");
            if (room.Facts.Clock.EntryOpensAt > now)
            {
                await UpdateAsync(lessonId, l => l.OpenedEarlyAt = now, CancellationToken.None);
                await rooms.RefreshAsync(room, CancellationToken.None);
                PublishPhaseLocked(room, now);
            }
            var admitted = await entry.AdmitWaitingLockedAsync(room);
            if (admitted > 0) Log.WaitingAdmitted(logger, lessonId, admitted);
        }, ct);
    }

    /// <summary>Ends the lesson now: everyone but staff is disconnected, and nobody new gets in.</summary>
    public async Task EndAsync(Guid lessonId, CancellationToken ct)
    {
        var room = await rooms.GetAsync(lessonId, ct);
        await room.LockedAsync(async () =>
        {
            var now = time.GetUtcNow();
            // Past this point the lesson ends whole even if the teacher's request goes away.
            if (room.Facts.Clock.EndedAt is null) await UpdateAsync(lessonId, l => l.EndedAt = now, CancellationToken.None);
            await rooms.RefreshAsync(room, CancellationToken.None);
            await publisher.ApplyAsync(room, room.Live.End());
        }, ct);
    }

    /// <summary>
    /// Tells the room the lesson's phase when the clock moved it on (entry window reached, start time
    /// passed) since the room was last told, so a console opened before shows "in progress" without a
    /// reload. The end has its own event (<c>LessonEnded</c>).
    /// </summary>
    public Task PublishPhaseAsync(LessonRoom room, CancellationToken ct) =>
        room.LockedAsync(() =>
        {
            PublishPhaseLocked(room, time.GetUtcNow());
            return Task.CompletedTask;
        }, ct);

    private void PublishPhaseLocked(LessonRoom room, DateTimeOffset now)
    {
        var phase = room.Facts.Clock.PhaseAt(now, options.Value.OverrunGrace);
        if (phase == room.PublishedPhase || phase == LessonPhase.Ended || room.Live.Ended) return;
        room.PublishedPhase = phase;
        publisher.SendPhase(room, new LessonPhaseView(room.LessonId, (int)phase, now.UtcDateTime));
    }

    /// <summary>Closes a lesson that ran past its end and overrun grace without the teacher ending it.</summary>
    public async Task CloseOverrunAsync(LessonRoom room, CancellationToken ct)
    {
        await room.LockedAsync(async () =>
        {
            if (room.Live.Ended) return;
            await publisher.ApplyAsync(room, room.Live.End());
        }, ct);
    }

    private async Task UpdateAsync(Guid lessonId, Action<LessonRecord> change, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var lesson = await db.Lessons.FirstAsync(l => l.Id == lessonId, ct);
        change(lesson);
        await db.SaveChangesAsync(ct);
    }
}
