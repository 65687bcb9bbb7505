using System.Security.Claims;
using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Core.Lessons;
using Classroom.Core.Live;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;
using Classroom.Server.Hosting;
using Classroom.Server.Moderation;
using Classroom.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Live;

/// <summary>
/// Lets people into lessons: now, or onto the waiting list until the entry window opens (timed entry
/// itself is decided by <see cref="LessonClock.Decide"/>). Used by the hub's Join and by the entry gate.
/// </summary>
public sealed class Entry(
    Credentials credentials,
    ILogger<Entry> logger,
    LessonRooms rooms,
    LessonPublisher publisher,
    ChatHistory history,
    ModerationLog moderationLog,
    ConnectionRegistry connections,
    IDbContextFactory<ClassroomDb> dbs,
    IOptions<ClassroomOptions> options,
    TimeProvider time)
{
    public async Task<JoinResult> JoinAsync(string connectionId, ClaimsPrincipal user, JoinRequest request, CancellationToken ct)
    {
        var state = connections.Find(connectionId) ?? throw new ClassroomException(ErrorCodes.NotJoined, "Connection is closing.");
        if (state.LessonId is not null) throw new ClassroomException(ErrorCodes.AlreadyJoined, "This connection already joined a lesson.");
        var ticket = await credentials.ResolveAsync(user, request, ct);
        var room = await rooms.GetAsync(ticket.LessonId, ct);
        // Claimed before the lock: a disconnect racing this join then waits for it and undoes it,
        // instead of finding nothing to clean up and leaving a ghost participant behind.
        state.LessonId = room.LessonId;
        try
        {
            return await JoinLockedAsync(room, state, ticket, request, connectionId, ct);
        }
        catch
        {
            // Refused: the connection is free to try again, unless it got in before the failure.
            await room.LockedAsync(() =>
            {
                if (room.Live.FindByConnection(connectionId) is null) state.LessonId = null;
                return Task.CompletedTask;
            }, CancellationToken.None);
            throw;
        }
    }

    private Task<JoinResult> JoinLockedAsync(LessonRoom room, ConnectionState state, EntryTicket ticket, JoinRequest request, string connectionId, CancellationToken ct) =>
        room.LockedAsync(async () =>
        {
            var now = time.GetUtcNow();
            var who = ticket.Identity;
            if (!who.Role.IsStaff())
            {
                room.Live.EnsureMayEnter(who, now);
                var decision = room.Facts.Clock.Decide(now, options.Value.OverrunGrace, await HasAttendedAsync(room.LessonId, who.Id, ct));
                switch (decision.Verdict)
                {
                    case EntryVerdict.Ended:
                        throw new ClassroomException(ErrorCodes.LessonEnded, "The lesson has ended.");
                    case EntryVerdict.Closed:
                        throw new ClassroomException(ErrorCodes.EntryClosed, "Entry to this lesson is closed.");
                    case EntryVerdict.Wait:
                        if (connections.Find(connectionId) is null) throw new ClassroomException(ErrorCodes.NotJoined, "Connection is closing.");
                        room.Live.AddWaiting(who, connectionId);
                        return new JoinResult(JoinStatus.Waiting, room.LessonId, now.UtcDateTime, decision.OpensAt!.Value.UtcDateTime, WaitingInfo(room, who), null);
                }
                if (room.Live.MustWaitInLobby(who, lessonStarted: now >= room.Facts.Clock.Schedule.StartsAt))
                {
                    await publisher.ApplyAsync(room, room.Live.AddToLobby(who, connectionId, now));
                    return new JoinResult(JoinStatus.Lobby, room.LessonId, now.UtcDateTime, null, WaitingInfo(room, who), null);
                }
            }
            else if (room.Live.Ended)
            {
                throw new ClassroomException(ErrorCodes.LessonEnded, "The lesson has ended.");
            }
            var snapshot = await AdmitLockedAsync(room, who, connectionId, request.LastSeq, ct);
            return new JoinResult(JoinStatus.Admitted, room.LessonId, now.UtcDateTime, null, null, snapshot);
        }, ct);

    /// <summary>
    /// Lets everyone waiting for <paramref name="room"/> in, pushing each their snapshot. One failure
    /// (say, a busy database) puts that person back on the waiting list for the next tick and does not
    /// strand the others. Caller holds the lock.
    /// </summary>
    public async Task<int> AdmitWaitingLockedAsync(LessonRoom room)
    {
        var admitted = 0;
        foreach (var (connectionId, who) in room.Live.TakeWaiting())
        {
            if (connections.Find(connectionId) is null) continue;
            try
            {
                var now = time.GetUtcNow();
                room.Live.EnsureMayEnter(who, now);
                if (room.Live.MustWaitInLobby(who, lessonStarted: now >= room.Facts.Clock.Schedule.StartsAt))
                {
                    // The window opened but the teacher decides: tell the waiting screen it is now the lobby.
                    await publisher.ApplyAsync(room, [.. room.Live.AddToLobby(who, connectionId, now), new ParticipantRemoved(room.LessonId, connectionId, RemovalKind.SentToLobby, null, null)]);
                    continue;
                }
                var snapshot = await AdmitLockedAsync(room, who, connectionId, null, CancellationToken.None);
                publisher.SendAdmitted(room, connectionId, snapshot);
                admitted++;
            }
            catch (Exception ex) when (ex is not ClassroomException)
            {
                Log.AdmitFailed(logger, ex, room.LessonId);
                room.Live.AddWaiting(who, connectionId);
            }
            catch (ClassroomException)
            {
                // Closed meanwhile: nothing to admit.
            }
        }
        return admitted;
    }

    /// <summary>Lets in those the teacher released from the lobby. Caller holds the lock.</summary>
    public async Task AdmitReleasedLockedAsync(LessonRoom room, IReadOnlyList<LessonEvent> events)
    {
        foreach (var released in events.OfType<LobbyReleased>())
        {
            if (connections.Find(released.ConnectionId) is null) continue;
            try
            {
                var snapshot = await AdmitLockedAsync(room, released.Identity, released.ConnectionId, null, CancellationToken.None);
                publisher.SendAdmitted(room, released.ConnectionId, snapshot);
            }
            catch (ClassroomException)
            {
                // Closed or ended meanwhile: nothing to let in.
            }
        }
    }

    /// <summary>Someone's connection closed: they leave the lesson (or the waiting list).</summary>
    public async Task DisconnectedAsync(string connectionId, CancellationToken ct)
    {
        var state = connections.Remove(connectionId);
        if (state?.LessonId is not { } lessonId || rooms.Find(lessonId) is not { } room) return;
        await room.LockedAsync(() => publisher.ApplyAsync(room, room.Live.Disconnect(connectionId)), ct);
    }

    /// <summary>An explicit leave: the connection stays open but is out of the lesson.</summary>
    public async Task LeaveAsync(string connectionId, CancellationToken ct)
    {
        var state = connections.Find(connectionId);
        if (state?.LessonId is not { } lessonId || rooms.Find(lessonId) is not { } room) return;
        await room.LockedAsync(async () =>
        {
            state.LessonId = null;
            await publisher.ApplyAsync(room, room.Live.Disconnect(connectionId));
            publisher.LeaveGroups(room, connectionId);
        }, ct);
    }

    private async Task<LessonSnapshot> AdmitLockedAsync(LessonRoom room, ParticipantIdentity who, string connectionId, long? lastSeq, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var returning = await HasAttendedAsync(room.LessonId, who.Id, ct);
        await publisher.ApplyAsync(room, room.Live.Admit(who, connectionId, now, returning));
        if (connections.Find(connectionId) is not { } state)
        {
            // The connection closed while it was being let in: undo, so nobody stays as a ghost.
            await publisher.ApplyAsync(room, room.Live.Disconnect(connectionId));
            throw new ClassroomException(ErrorCodes.NotJoined, "Connection is closing.");
        }
        state.LessonId = room.LessonId;
        var me = room.Live.FindByConnection(connectionId)!;
        var rules = room.Live.Rules;
        var participants = me.Permissions.HasFlag(Permissions.SeeParticipants)
            ? room.Live.Present.Select(p => Views.Of(p, rules)).ToList()
            : [Views.Of(me, rules)];
        var chat = await history.ReadAsync(room.LessonId, me.Id, me.Role, lastSeq, ct);
        var deleted = await history.DeletedAsync(room.LessonId, ct);
        var staff = me.Role.IsStaff();
        var log = staff ? await moderationLog.ReadAsync(room.LessonId, ct) : null;
        var lobby = staff ? room.Live.Lobby.Select(Views.Of).ToList() : null;
        var bans = staff ? room.Live.Bans.Select(Views.Of).ToList() : null;
        var f = room.Facts;
        return new LessonSnapshot(f.LessonId, f.CabinetName, f.Subject, f.ClassName,
            (int)f.Clock.PhaseAt(now, options.Value.OverrunGrace),
            f.Clock.Schedule.StartsAt.UtcDateTime, f.Clock.Schedule.EndsAt.UtcDateTime, now.UtcDateTime,
            Views.Of(me, rules), (int)me.Permissions, participants, chat, room.Live.LastChatSeq, Views.Of(rules), log, lobby, bans, deleted,
            f.Title, options.Value.SchoolName, Reception.ReceptionService.ViewOf(room.Live, me));
    }

    private async Task<bool> HasAttendedAsync(Guid lessonId, string participantId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Attendance.AnyAsync(a => a.LessonId == lessonId && a.ParticipantId == participantId, ct);
    }

    private WaitingInfo WaitingInfo(LessonRoom room, ParticipantIdentity who) =>
        new(room.Facts.CabinetName, room.Facts.Subject, room.Facts.ClassName, room.Facts.Clock.Schedule.StartsAt.UtcDateTime, who.DisplayName,
            room.Facts.Title, options.Value.SchoolName);
}
