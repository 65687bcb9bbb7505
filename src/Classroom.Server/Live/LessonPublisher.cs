using Classroom.Contracts;
using Classroom.Core.Attendance;
using Classroom.Core.Live;
using Classroom.Core.Participants;
using Classroom.Server.Hosting;
using Classroom.Server.Hubs;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Live;

/// <summary>
/// Applies Core's lesson events: persists what must survive a restart (attendance, chat), then fans
/// them out to the connections concerned. Always called under the room's lock, so every client sees
/// events in the order Core decided them.
/// </summary>
public sealed class LessonPublisher(
    IHubContext<ClassroomHub, IClassroomClient> hub,
    IDbContextFactory<ClassroomDb> dbs,
    ConnectionRegistry connections,
    TimeProvider time,
    ILogger<LessonPublisher> logger)
{
    /// <summary>How long a dropped connection keeps its socket, so the last event it was sent can flush.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromMilliseconds(500);

    public async Task ApplyAsync(LessonRoom room, IReadOnlyList<LessonEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await PersistAsync(room, events, ct);
        foreach (var e in events)
        {
            await PublishAsync(room, e, ct);
        }
    }

    private async Task PersistAsync(LessonRoom room, IReadOnlyList<LessonEvent> events, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(ct);
        foreach (var e in events)
        {
            switch (e)
            {
                case ParticipantJoined j:
                    db.Attendance.Add(Mark(room, j.Participant.Id, j.Participant.Role, AttendanceKind.Joined, j.Participant.JoinedAt));
                    break;
                case ParticipantLeft l:
                    db.Attendance.Add(Mark(room, l.ParticipantId, l.Role, AttendanceKind.Left, now));
                    break;
                case ConnectionReplaced r:
                    // The old link died unnoticed and the person came back: a reconnect without a gap.
                    db.Attendance.Add(Mark(room, r.ParticipantId, r.Role, AttendanceKind.Left, now));
                    db.Attendance.Add(Mark(room, r.ParticipantId, r.Role, AttendanceKind.Joined, now));
                    break;
                case ChatPosted c:
                    db.ChatMessages.Add(Views.ToRecord(room.LessonId, c.Message));
                    break;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task PublishAsync(LessonRoom room, LessonEvent e, CancellationToken ct)
    {
        switch (e)
        {
            case ParticipantJoined j:
            {
                var conn = j.Participant.ConnectionId;
                await hub.Clients.GroupExcept(room.Group, [conn]).ParticipantJoined(Views.Of(j.Participant));
                await JoinGroupsAsync(room, conn, j.Participant.Role, ct);
                break;
            }
            case ParticipantLeft l:
                await hub.Clients.Group(room.Group).ParticipantLeft(l.ParticipantId);
                break;
            case ConnectionReplaced r:
            {
                var current = room.Live.Find(r.ParticipantId);
                if (current is not null) await JoinGroupsAsync(room, current.ConnectionId, current.Role, ct);
                await DropAsync(room, [r.OldConnectionId], c => hub.Clients.Clients(c).Replaced());
                break;
            }
            case ChatPosted c when c.Message.Audience == Core.Chat.ChatAudience.Everyone:
                await hub.Clients.Group(room.Group).ChatReceived(Views.Of(c.Message));
                break;
            case ChatPosted c:
            {
                var readers = room.Live.Present.Where(p => c.Message.IsVisibleTo(p.Id, p.Role)).Select(p => p.ConnectionId).ToList();
                await hub.Clients.Clients(readers).ChatReceived(Views.Of(c.Message));
                break;
            }
            case LessonEnded ended:
                await hub.Clients.GroupExcept(room.Group, ended.RemovedConnectionIds).LessonEnded(room.LessonId);
                await DropAsync(room, ended.RemovedConnectionIds, c => hub.Clients.Clients(c).LessonEnded(room.LessonId));
                Log.LessonEnded(logger, room.LessonId, ended.RemovedConnectionIds.Count);
                break;
        }
    }

    public Task SendAdmittedAsync(string connectionId, LessonSnapshot snapshot) => hub.Clients.Client(connectionId).Admitted(snapshot);

    public Task SendPhaseAsync(LessonRoom room, LessonPhaseView phase) => hub.Clients.Group(room.Group).LessonPhaseChanged(phase);

    public async Task LeaveGroupsAsync(LessonRoom room, string connectionId)
    {
        await hub.Groups.RemoveFromGroupAsync(connectionId, room.Group);
        await hub.Groups.RemoveFromGroupAsync(connectionId, room.StaffGroup);
    }

    private async Task JoinGroupsAsync(LessonRoom room, string connectionId, Role role, CancellationToken ct)
    {
        await hub.Groups.AddToGroupAsync(connectionId, room.Group, ct);
        if (role.IsStaff()) await hub.Groups.AddToGroupAsync(connectionId, room.StaffGroup, ct);
    }

    /// <summary>Takes connections out of the lesson, tells them why, and closes them shortly after.</summary>
    private async Task DropAsync(LessonRoom room, IReadOnlyList<string> connectionIds, Func<IReadOnlyList<string>, Task> farewell)
    {
        if (connectionIds.Count == 0) return;
        foreach (var id in connectionIds)
        {
            if (connections.Find(id) is { } state) state.LessonId = null;
            await LeaveGroupsAsync(room, id);
        }
        await farewell(connectionIds);
        var ids = connectionIds.ToArray();
        _ = Task.Delay(CloseGrace, TimeProvider.System).ContinueWith(_ =>
        {
            foreach (var id in ids) connections.Abort(id);
        }, TaskScheduler.Default);
    }

    private static AttendanceRecord Mark(LessonRoom room, string participantId, Role role, AttendanceKind kind, DateTimeOffset at) =>
        new() { LessonId = room.LessonId, ParticipantId = participantId, Role = role, Kind = kind, At = at };
}
