using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Server.Live;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Moderation;

/// <summary>The hub's moderation calls: find the caller's room, let Core decide, publish what it returns.</summary>
public sealed class ModerationService(Presence presence, LessonPublisher publisher, Entry entry, CabinetBans cabinetBans, IDbContextFactory<ClassroomDb> dbs, TimeProvider time)
{
    public async Task ModerateAsync(string connectionId, ModerateRequest request, CancellationToken ct)
    {
        if (!Enum.IsDefined((ModerationAction)request.Action))
            throw new ClassroomException(ErrorCodes.BadRequest, "Unknown moderation action.");
        var action = (ModerationAction)request.Action;
        var room = presence.RoomOf(connectionId);
        string? note = null;
        if (action == ModerationAction.DeleteMessage)
        {
            // The log keeps what was deleted; the message must be this lesson's and still there.
            note = await MessageTextAsync(room.LessonId, request.Value, ct) ?? throw new ClassroomException(ErrorCodes.NoTarget, "No such message.");
        }
        var command = new ModerationCommand(action, request.TargetId, request.Value, note);
        var events = await room.LockedAsync(async () =>
        {
            var events = room.Live.Moderate(connectionId, command, time.GetUtcNow());
            await publisher.ApplyAsync(room, events);
            await entry.AdmitReleasedLockedAsync(room, events);
            return events;
        }, ct);
        // Outside this room's lock: a cabinet ban (or its lifting) reaches the cabinet's other lessons.
        await cabinetBans.SpreadAsync(room, events);
    }

    /// <summary>The server takes out a connection that keeps flooding the hub and tells the teacher.</summary>
    public async Task RemoveFloodingAsync(string connectionId)
    {
        if (presence.FindRoom(connectionId) is not { } room) return;
        await room.LockedAsync(() => publisher.ApplyAsync(room, room.Live.RemoveForFlooding(connectionId, time.GetUtcNow())), CancellationToken.None);
    }

    private async Task<string?> MessageTextAsync(Guid lessonId, string? value, CancellationToken ct)
    {
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.ChatMessages.AsNoTracking().Where(m => m.LessonId == lessonId && m.Seq == seq && !m.Deleted).Select(m => m.Text).FirstOrDefaultAsync(ct);
    }

    public Task SetHandAsync(string connectionId, bool raised, CancellationToken ct) =>
        ApplyAsync(connectionId, live => live.SetHand(connectionId, raised, time.GetUtcNow()), ct);

    public Task SetMicrophoneAsync(string connectionId, bool on, CancellationToken ct) =>
        ApplyAsync(connectionId, live => live.SetMicrophone(connectionId, on), ct);

    public Task SetCameraAsync(string connectionId, bool on, CancellationToken ct) =>
        ApplyAsync(connectionId, live => live.SetCamera(connectionId, on), ct);

    public Task SetScreenShareAsync(string connectionId, bool on, CancellationToken ct) =>
        ApplyAsync(connectionId, live => live.SetScreenShare(connectionId, on), ct);

    private Task ApplyAsync(string connectionId, Func<LiveLesson, IReadOnlyList<LessonEvent>> decide, CancellationToken ct)
    {
        var room = presence.RoomOf(connectionId);
        return room.LockedAsync(() => publisher.ApplyAsync(room, decide(room.Live)), ct);
    }
}
