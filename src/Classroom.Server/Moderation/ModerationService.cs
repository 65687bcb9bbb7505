using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Server.Live;

namespace Classroom.Server.Moderation;

/// <summary>The hub's moderation calls: find the caller's room, let Core decide, publish what it returns.</summary>
public sealed class ModerationService(Presence presence, LessonPublisher publisher, TimeProvider time)
{
    public Task ModerateAsync(string connectionId, ModerateRequest request, CancellationToken ct)
    {
        if (!Enum.IsDefined((ModerationAction)request.Action))
            throw new ClassroomException(ErrorCodes.BadRequest, "Unknown moderation action.");
        var command = new ModerationCommand((ModerationAction)request.Action, request.TargetId, request.Value);
        return ApplyAsync(connectionId, live => live.Moderate(connectionId, command, time.GetUtcNow()), ct);
    }

    public Task SetHandAsync(string connectionId, bool raised, CancellationToken ct) =>
        ApplyAsync(connectionId, live => live.SetHand(connectionId, raised, time.GetUtcNow()), ct);

    public Task SetMicrophoneAsync(string connectionId, bool on, CancellationToken ct) =>
        ApplyAsync(connectionId, live => live.SetMicrophone(connectionId, on), ct);

    public Task SetScreenShareAsync(string connectionId, bool on, CancellationToken ct) =>
        ApplyAsync(connectionId, live => live.SetScreenShare(connectionId, on), ct);

    private Task ApplyAsync(string connectionId, Func<LiveLesson, IReadOnlyList<LessonEvent>> decide, CancellationToken ct)
    {
        var room = presence.RoomOf(connectionId);
        return room.LockedAsync(() => publisher.ApplyAsync(room, decide(room.Live)), ct);
    }
}
