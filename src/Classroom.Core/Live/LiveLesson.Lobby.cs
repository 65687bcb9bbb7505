using System.Globalization;
using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Live;

// Who gets in: the lobby, the lock, removals (lobby, timeout, kick, ban) and the ban list. Also the
// teacher's hold on chat messages (delete, pin), which needs no permission change.
public sealed partial class LiveLesson
{
    public const int DefaultMaxLobby = 100;
    private const int MaxReasonLength = 200;
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(2);
    private readonly List<LobbyEntry> _lobby = [];
    private readonly Dictionary<Guid, Ban> _bans = [];
    private readonly HashSet<string> _everAdmitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SlidingWindowLimit> _joinLimits = new(StringComparer.Ordinal);

    /// <summary>Roster students who may wait in the lobby at once; guests never count against it.</summary>
    public int MaxLobby { get; init; } = DefaultMaxLobby;
    public IReadOnlyList<LobbyEntry> Lobby => _lobby.ToList();
    public IReadOnlyList<Ban> Bans => _bans.Values.OrderBy(b => b.At).ToList();

    /// <summary>Bans stored before this room opened (this lesson's and the cabinet's).</summary>
    public void LoadBans(IEnumerable<Ban> bans)
    {
        foreach (var ban in bans) _bans[ban.Id] = ban;
    }

    /// <summary>
    /// Refuses banned and timed-out people before anything else (also before the entry window), and
    /// one identity rejoining in a loop: each rejoin replaces a connection and tells the teacher.
    /// </summary>
    public void EnsureMayEnter(ParticipantIdentity who, DateTimeOffset now)
    {
        if (who.Role.IsStaff()) return;
        if (!_joinLimits.TryGetValue(who.Id, out var joins)) _joinLimits[who.Id] = joins = new SlidingWindowLimit(10, TimeSpan.FromMinutes(1));
        if (!joins.TryAcquire(now)) throw new ClassroomException(ErrorCodes.RateLimited, "Too many attempts to join; wait a minute.");
        if (_bans.Values.FirstOrDefault(b => b.ParticipantId == who.Id) is { } ban)
            throw new ClassroomException(ErrorCodes.Banned, $"The teacher has barred you from this lesson: {ban.Reason}");
        if (_controls.TryGetValue(who.Id, out var c) && c.TimedOutUntil is { } until && until > now)
            throw new ClassroomException(ErrorCodes.TimedOut, $"The teacher has sent you out until {until.UtcDateTime:HH:mm} UTC.");
        EnsureLinkHasRoom(who);
    }

    /// <summary>
    /// Whether someone the entry window lets in must still wait for the teacher: the cabinet is locked,
    /// every entry is manual, they come late and late arrivals wait, or the teacher sent them out.
    /// Someone already in the lesson on another connection, and staff, never wait.
    /// </summary>
    public bool MustWaitInLobby(ParticipantIdentity who, bool lessonStarted)
    {
        if (who.Role.IsStaff() || _present.ContainsKey(who.Id)) return false;
        if (_controls.TryGetValue(who.Id, out var c) && c.MustWaitInLobby) return true;
        var returning = _everAdmitted.Contains(who.Id);
        if (returning) return false;
        return Rules.Locked || Rules.AdmitManually || (Rules.LateToLobby && lessonStarted);
    }

    public IReadOnlyList<LessonEvent> AddToLobby(ParticipantIdentity who, string connectionId, DateTimeOffset now)
    {
        if (Ended) throw new ClassroomException(ErrorCodes.LessonEnded, "The lesson has ended.");
        _lobby.RemoveAll(e => e.Identity.Id == who.Id || e.ConnectionId == connectionId);
        // Two spaces: however many guests wait, a roster student always finds a place.
        var guest = IsGuest(who);
        if (_lobby.Count(e => IsGuest(e.Identity) == guest) >= (guest ? MaxGuestLobby : MaxLobby))
            throw new ClassroomException(ErrorCodes.LobbyFull, "The lobby is full; try again in a few minutes.");
        _lobby.Add(new LobbyEntry(connectionId, who, now, _everAdmitted.Contains(who.Id)));
        return [new LobbyChanged(LessonId, Lobby)];
    }

    private List<LessonEvent> ModerateAccess(LiveParticipant actor, ModerationCommand command, DateTimeOffset now)
    {
        var events = new List<LessonEvent>();
        ParticipantIdentity? target = null;
        var detail = command.Value;
        switch (command.Action)
        {
            case ModerationAction.AdmitFromLobby:
            {
                var entry = LobbyEntryOf(command.TargetId);
                target = entry.Identity;
                events.AddRange(Release([entry]));
                break;
            }
            case ModerationAction.AdmitAll:
                if (_lobby.Count == 0) return [];
                events.AddRange(Release(_lobby.ToList()));
                detail = events.Count(e => e is LobbyReleased).ToString(CultureInfo.InvariantCulture);
                break;
            case ModerationAction.RejectFromLobby:
            {
                var entry = LobbyEntryOf(command.TargetId);
                target = entry.Identity;
                detail = Reason(command.Value, required: false);
                _lobby.Remove(entry);
                events.Add(new LobbyChanged(LessonId, Lobby));
                events.Add(new ParticipantRemoved(LessonId, entry.ConnectionId, RemovalKind.Rejected, detail, null));
                break;
            }
            case ModerationAction.AdmitManually:
                Rules.AdmitManually = Flag(command.Value);
                events.Add(new RulesChanged(LessonId, Rules));
                break;
            case ModerationAction.LateToLobby:
                Rules.LateToLobby = Flag(command.Value);
                events.Add(new RulesChanged(LessonId, Rules));
                break;
            case ModerationAction.Lock or ModerationAction.Unlock:
                Rules.Locked = command.Action == ModerationAction.Lock;
                detail = null;
                events.Add(new RulesChanged(LessonId, Rules));
                break;
            case ModerationAction.SendToLobby:
            {
                target = NonStaff(command.TargetId);
                var present = _present.GetValueOrDefault(target.Id) ?? throw new ClassroomException(ErrorCodes.NoTarget, "That participant is not in the lesson now.");
                Controls(target).MustWaitInLobby = true;
                events.AddRange(TakeOut(present.ConnectionId, target, RemovalKind.SentToLobby, null, null));
                _lobby.Add(new LobbyEntry(present.ConnectionId, target, now, Returning: true));
                events.Add(new LobbyChanged(LessonId, Lobby));
                break;
            }
            case ModerationAction.Timeout:
            {
                target = NonStaff(command.TargetId);
                if (!int.TryParse(command.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes < 1 || TimeSpan.FromMinutes(minutes) > MaxTimeout)
                    throw new ClassroomException(ErrorCodes.InvalidValue, $"A timeout is 1 to {MaxTimeout.TotalMinutes} minutes.");
                var until = now.AddMinutes(minutes);
                Controls(target).TimedOutUntil = until;
                Controls(target).MustWaitInLobby = true;
                detail = minutes.ToString(CultureInfo.InvariantCulture);
                events.AddRange(TakeOutEverywhere(target, RemovalKind.TimedOut, null, until));
                break;
            }
            case ModerationAction.Kick:
                target = NonStaff(command.TargetId);
                Controls(target).MustWaitInLobby = true;
                detail = Reason(command.Value, required: false);
                events.AddRange(TakeOutEverywhere(target, RemovalKind.Kicked, detail, null));
                break;
            case ModerationAction.BanFromLesson or ModerationAction.BanFromCabinet:
            {
                target = NonStaff(command.TargetId);
                detail = Reason(command.Value, required: true);
                var scope = command.Action == ModerationAction.BanFromCabinet ? BanScope.Cabinet : BanScope.Lesson;
                var ban = new Ban(Guid.NewGuid(), target.Id, NameOf(target), scope, detail!, now);
                _bans[ban.Id] = ban;
                events.Add(new Banned(LessonId, ban));
                events.Add(new BansChanged(LessonId, Bans));
                events.AddRange(TakeOutEverywhere(target, RemovalKind.Banned, detail, null));
                break;
            }
            case ModerationAction.Unban:
            {
                if (!Guid.TryParse(command.TargetId, out var banId) || !_bans.Remove(banId, out var ban))
                    throw new ClassroomException(ErrorCodes.NoTarget, "No such ban.");
                detail = ban.Reason;
                events.Add(new Unbanned(LessonId, banId));
                events.Add(new BansChanged(LessonId, Bans));
                events.Add(new Moderated(LessonId, new ModerationEntry(now, actor.Id, actor.DisplayName, ban.ParticipantId, ban.Name, command.Action, detail)));
                return events;
            }
            case ModerationAction.DeleteMessage:
            {
                var seq = Seq(command.Value);
                detail = command.Note is null ? $"#{seq}" : $"#{seq}: {Truncate(command.Note, 250)}";
                events.Add(new ChatDeleted(LessonId, seq));
                if (Rules.PinnedSeq == seq)
                {
                    Rules.PinnedSeq = null;
                    events.Add(new RulesChanged(LessonId, Rules));
                }
                break;
            }
            case ModerationAction.PinMessage:
                Rules.PinnedSeq = string.IsNullOrEmpty(command.Value) ? null : Seq(command.Value);
                events.Add(new RulesChanged(LessonId, Rules));
                break;
            default:
                throw new ClassroomException(ErrorCodes.BadRequest, "Unknown moderation action.");
        }
        var targetName = target is null ? null : NameOf(target);
        events.Add(new Moderated(LessonId, new ModerationEntry(now, actor.Id, actor.DisplayName, target?.Id, targetName, command.Action, detail)));
        return events;
    }

    /// <summary>The server itself takes out a connection that keeps flooding; the teacher is told in the log.</summary>
    public IReadOnlyList<LessonEvent> RemoveForFlooding(string connectionId, DateTimeOffset now)
    {
        var who = FindByConnection(connectionId)?.Identity ?? _lobby.FirstOrDefault(e => e.ConnectionId == connectionId)?.Identity;
        if (who is null) return [];
        var events = new List<LessonEvent>(TakeOutEverywhere(who, RemovalKind.Flooding, null, null));
        events.Add(new Moderated(LessonId, new ModerationEntry(now, "server", "Сервер", who.Id, NameOf(who), ModerationAction.Kick, "flooding")));
        return events;
    }

    /// <summary>Admits from the lobby: the host lets each released connection in.</summary>
    private List<LessonEvent> Release(IReadOnlyList<LobbyEntry> entries)
    {
        var events = new List<LessonEvent>();
        foreach (var entry in entries)
        {
            _lobby.Remove(entry);
            if (_controls.TryGetValue(entry.Identity.Id, out var c)) c.MustWaitInLobby = false;
            events.Add(new LobbyReleased(LessonId, entry.ConnectionId, entry.Identity));
        }
        events.Insert(0, new LobbyChanged(LessonId, Lobby));
        return events;
    }

    /// <summary>Takes someone out of the lesson and out of the lobby, wherever they are.</summary>
    private List<LessonEvent> TakeOutEverywhere(ParticipantIdentity who, RemovalKind kind, string? reason, DateTimeOffset? until)
    {
        var events = new List<LessonEvent>();
        if (_present.TryGetValue(who.Id, out var present)) events.AddRange(TakeOut(present.ConnectionId, who, kind, reason, until));
        foreach (var waiting in _lobby.Where(e => e.Identity.Id == who.Id).ToList())
        {
            _lobby.Remove(waiting);
            events.Add(new LobbyChanged(LessonId, Lobby));
            events.Add(new ParticipantRemoved(LessonId, waiting.ConnectionId, kind, reason, until));
        }
        foreach (var (conn, waiting) in _waiting.Where(kv => kv.Value.Id == who.Id).ToList())
        {
            _waiting.Remove(conn);
            events.Add(new ParticipantRemoved(LessonId, conn, kind, reason, until));
        }
        return events;
    }

    private List<LessonEvent> TakeOut(string connectionId, ParticipantIdentity who, RemovalKind kind, string? reason, DateTimeOffset? until)
    {
        _byConnection.Remove(connectionId);
        _present.Remove(who.Id);
        if (Rules.ScreenSharerId == who.Id) Rules.ScreenSharerId = null;
        if (Rules.FloorHolderId == who.Id) Rules.FloorHolderId = null;
        return [new ParticipantLeft(LessonId, who.Id, who.Role), new ParticipantRemoved(LessonId, connectionId, kind, reason, until)];
    }

    private LobbyEntry LobbyEntryOf(string? participantId) =>
        _lobby.FirstOrDefault(e => e.Identity.Id == participantId) ?? throw new ClassroomException(ErrorCodes.NoTarget, "Nobody like that waits in the lobby.");

    private ParticipantIdentity NonStaff(string? participantId)
    {
        var who = participantId is not null && _known.TryGetValue(participantId, out var known) ? known
            : _lobby.FirstOrDefault(e => e.Identity.Id == participantId)?.Identity
            ?? throw new ClassroomException(ErrorCodes.NoTarget, "That participant is not in this lesson.");
        if (who.Role.IsStaff()) throw new ClassroomException(ErrorCodes.NoTarget, "Staff cannot be removed.");
        if (!_controls.ContainsKey(who.Id)) ControlsFor(who);
        return who;
    }

    private string NameOf(ParticipantIdentity who) => _controls.GetValueOrDefault(who.Id)?.Rename ?? who.DisplayName;

    private long Seq(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq >= 1 && seq <= LastChatSeq
            ? seq
            : throw new ClassroomException(ErrorCodes.NoTarget, "No such message.");

    private static bool Flag(string? value) =>
        bool.TryParse(value, out var flag) ? flag : throw new ClassroomException(ErrorCodes.InvalidValue, "Give true or false.");

    private static string? Reason(string? value, bool required)
    {
        var reason = string.IsNullOrWhiteSpace(value) ? null : ChatRules.CleanText(value, MaxReasonLength);
        if (required && reason is null) throw new ClassroomException(ErrorCodes.InvalidValue, "Give a reason.");
        return reason;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
