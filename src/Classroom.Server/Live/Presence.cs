using Classroom.Core.Errors;
using Classroom.Core.Live;
using Classroom.Core.Participants;

namespace Classroom.Server.Live;

/// <summary>Finds the lesson and participant behind a connection: the authorization step of every in-lesson hub call.</summary>
public sealed class Presence(ConnectionRegistry connections, LessonRooms rooms)
{
    public LessonRoom? FindRoom(string connectionId) =>
        connections.Find(connectionId)?.LessonId is { } id ? rooms.Find(id) : null;

    public LessonRoom RoomOf(string connectionId) =>
        connections.Find(connectionId)?.LessonId is { } id && rooms.Find(id) is { } room
            ? room
            : throw new ClassroomException(ErrorCodes.NotJoined, "Join a lesson first.");

    /// <summary>The caller as a present participant (not waiting), optionally required to be staff.</summary>
    public Task<(LessonRoom Room, LiveParticipant Participant)> RequireAsync(string connectionId, bool staff, CancellationToken ct)
    {
        var room = RoomOf(connectionId);
        return room.LockedAsync(() =>
        {
            var participant = room.Live.FindByConnection(connectionId)
                ?? throw new ClassroomException(ErrorCodes.NotJoined, "You are not in the lesson yet.");
            if (staff && !participant.Role.IsStaff())
                throw new ClassroomException(ErrorCodes.Forbidden, "Only the teacher can do this.");
            return Task.FromResult((room, participant));
        }, ct);
    }
}
