using Classroom.Contracts;
using Classroom.Core.Attendance;
using Classroom.Core.Chat;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Classroom.Server.Hosting;
using Classroom.Server.Hubs;
using Classroom.Server.Moderation;
using Classroom.Server.Media;
using Classroom.Server.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Classroom.Server.Live;

/// <summary>
/// Applies Core's lesson events: persists what must survive a restart (attendance, chat), then
/// queues them on the room's outbox for the connections concerned. Called under the room's lock, so
/// every client sees events in the order Core decided them.
/// </summary>
public sealed class LessonPublisher(
    IHubContext<ClassroomHub, IClassroomClient> hub,
    IDbContextFactory<ClassroomDb> dbs,
    ConnectionRegistry connections,
    MediaSignalling media,
    TimeProvider time,
    ILogger<LessonPublisher> logger)
{
    /// <summary>How long a dropped connection keeps its socket, so the last event it was sent can flush.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Persists and publishes. Core has already changed state, so the save is not cancelled with the
    /// caller's request: a teacher closing the tab mid-"end lesson" must not leave it half ended.
    /// </summary>
    public async Task ApplyAsync(LessonRoom room, IReadOnlyList<LessonEvent> events)
    {
        if (events.Count == 0) return;
        await PersistAsync(room, events);
        if (events.Any(e => e is ParticipantJoined or ParticipantLeft or ParticipantChanged or ConnectionReplaced or LessonEnded))
            media.SetGrants(room.LessonId, MediaPolicy.GrantsOf(room.Live));
        foreach (var e in events)
        {
            Publish(room, e);
        }
    }

    private async Task PersistAsync(LessonRoom room, IReadOnlyList<LessonEvent> events)
    {
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
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
                case HandRaised h:
                    db.Attendance.Add(Mark(room, h.ParticipantId, h.Role, AttendanceKind.HandRaised, now));
                    break;
                case LobbyChanged lobby:
                    foreach (var (id, role, kind) in room.LobbyMarks.Update(lobby.Lobby)) db.Attendance.Add(Mark(room, id, role, kind, now));
                    break;
                case Moderated m:
                    db.Moderation.Add(Views.ToRecord(room.LessonId, m.Entry));
                    break;
                case Banned b:
                    db.Bans.Add(new BanRecord
                    {
                        Id = b.Ban.Id, CabinetId = room.Facts.CabinetId, LessonId = room.LessonId, Scope = b.Ban.Scope,
                        ParticipantId = b.Ban.ParticipantId, Name = b.Ban.Name, Reason = b.Ban.Reason, At = b.Ban.At,
                    });
                    break;
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var e in events)
        {
            switch (e)
            {
                case Unbanned u:
                    await db.Bans.Where(b => b.Id == u.BanId).ExecuteUpdateAsync(set => set.SetProperty(b => b.LiftedAt, now), CancellationToken.None);
                    break;
                case ChatDeleted d:
                    await db.ChatMessages.Where(m => m.LessonId == room.LessonId && m.Seq == d.Seq)
                        .ExecuteUpdateAsync(set => set.SetProperty(m => m.Deleted, true), CancellationToken.None);
                    break;
            }
        }
    }

    private void Publish(LessonRoom room, LessonEvent e)
    {
        switch (e)
        {
            case ParticipantJoined j:
            {
                var conn = j.Participant.ConnectionId;
                var view = Views.Of(j.Participant, room.Live.Rules);
                room.Post(() => hub.Clients.GroupExcept(room.RosterGroup, [conn]).ParticipantJoined(view));
                JoinGroups(room, conn, j.Participant);
                break;
            }
            case ParticipantLeft l:
                room.Post(() => hub.Clients.Group(room.RosterGroup).ParticipantLeft(l.ParticipantId));
                // Left, kicked, banned or sent to the lobby: their media stops now, not when the socket notices.
                media.RemoveParticipant(room.LessonId, l.ParticipantId);
                break;
            case ConnectionReplaced r:
            {
                if (room.Live.Find(r.ParticipantId) is { } current) JoinGroups(room, current.ConnectionId, current);
                Drop(room, [r.OldConnectionId], c => hub.Clients.Clients(c).Replaced());
                // The teacher sees it: a second device with the same code takes the place of the first.
                room.Post(() => hub.Clients.Group(room.StaffGroup).ConnectionReplaced(r.ParticipantId));
                break;
            }
            case LobbyChanged lobby:
            {
                var views = lobby.Lobby.Select(Views.Of).ToList();
                room.Post(() => hub.Clients.Group(room.StaffGroup).LobbyChanged(views));
                break;
            }
            case ParticipantRemoved removed:
            {
                var view = Views.Of(removed);
                var conn = removed.ConnectionId;
                if (removed.Kind == RemovalKind.SentToLobby)
                {
                    LeaveGroups(room, conn);
                    room.Post(() => hub.Clients.Client(conn).Removed(view));
                }
                else
                {
                    Drop(room, [conn], c => hub.Clients.Clients(c).Removed(view));
                }
                break;
            }
            case BansChanged bans:
            {
                var views = bans.Bans.Select(Views.Of).ToList();
                room.Post(() => hub.Clients.Group(room.StaffGroup).BansChanged(views));
                break;
            }
            case ChatDeleted deleted:
                room.Post(() => hub.Clients.Group(room.Group).ChatDeleted(deleted.Seq));
                break;
            case ChatPosted c when c.Message.Audience == ChatAudience.Everyone:
            {
                var view = Views.Of(c.Message);
                room.Post(() => hub.Clients.Group(room.Group).ChatReceived(view));
                break;
            }
            case ChatPosted c:
            {
                var readers = room.Live.Present.Where(p => c.Message.IsVisibleTo(p.Id, p.Role)).Select(p => p.ConnectionId).ToList();
                var view = Views.Of(c.Message);
                room.Post(() => hub.Clients.Clients(readers).ChatReceived(view));
                break;
            }
            case ParticipantChanged changed:
            {
                var p = changed.Participant;
                var view = Views.Of(p, room.Live.Rules);
                room.Post(() => hub.Clients.Group(room.RosterGroup).ParticipantUpdated(view));
                // Someone outside the roster group still needs their own new permissions.
                if (!p.Permissions.HasFlag(Permissions.SeeParticipants))
                {
                    var conn = p.ConnectionId;
                    room.Post(() => hub.Clients.Client(conn).ParticipantUpdated(view));
                }
                break;
            }
            case RulesChanged rules:
            {
                var view = Views.Of(rules.Rules);
                room.Post(() => hub.Clients.Group(room.Group).RulesChanged(view));
                break;
            }
            case Moderated m:
            {
                var view = Views.Of(m.Entry);
                room.Post(() => hub.Clients.Group(room.StaffGroup).ModerationLogged(view));
                break;
            }
            case LessonEnded ended:
                room.Post(() => hub.Clients.GroupExcept(room.Group, ended.RemovedConnectionIds).LessonEnded(room.LessonId));
                Drop(room, ended.RemovedConnectionIds, c => hub.Clients.Clients(c).LessonEnded(room.LessonId));
                Log.LessonEnded(logger, room.LessonId, ended.RemovedConnectionIds.Count);
                break;
        }
    }

    public void SendAdmitted(LessonRoom room, string connectionId, LessonSnapshot snapshot) =>
        room.Post(() => hub.Clients.Client(connectionId).Admitted(snapshot));

    public void SendPhase(LessonRoom room, LessonPhaseView phase) =>
        room.Post(() => hub.Clients.Group(room.Group).LessonPhaseChanged(phase));

    public void LeaveGroups(LessonRoom room, string connectionId) => room.Post(async () =>
    {
        await hub.Groups.RemoveFromGroupAsync(connectionId, room.Group);
        await hub.Groups.RemoveFromGroupAsync(connectionId, room.RosterGroup);
        await hub.Groups.RemoveFromGroupAsync(connectionId, room.StaffGroup);
    });

    private void JoinGroups(LessonRoom room, string connectionId, LiveParticipant participant) => room.Post(async () =>
    {
        await hub.Groups.AddToGroupAsync(connectionId, room.Group);
        if (participant.Permissions.HasFlag(Permissions.SeeParticipants)) await hub.Groups.AddToGroupAsync(connectionId, room.RosterGroup);
        if (participant.Role.IsStaff()) await hub.Groups.AddToGroupAsync(connectionId, room.StaffGroup);
    });

    /// <summary>Takes connections out of the lesson at once, tells them why, and closes them shortly after.</summary>
    private void Drop(LessonRoom room, IReadOnlyList<string> connectionIds, Func<IReadOnlyList<string>, Task> farewell)
    {
        if (connectionIds.Count == 0) return;
        var ids = connectionIds.ToArray();
        foreach (var id in ids)
        {
            if (connections.Find(id) is { } state) state.LessonId = null;
            LeaveGroups(room, id);
        }
        room.Post(async () =>
        {
            await farewell(ids);
            _ = Task.Delay(CloseGrace, TimeProvider.System).ContinueWith(_ =>
            {
                foreach (var id in ids) connections.Abort(id);
            }, TaskScheduler.Default);
        });
    }

    private static AttendanceRecord Mark(LessonRoom room, string participantId, Role role, AttendanceKind kind, DateTimeOffset at) =>
        new() { LessonId = room.LessonId, ParticipantId = participantId, Role = role, Kind = kind, At = at };
}
