using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Live;

/// <summary>
/// The live state of one lesson: who is present on which connection, and the chat sequence.
/// Decisions return events and change nothing on refusal. Not thread-safe: the host serializes
/// calls per lesson.
/// </summary>
public sealed partial class LiveLesson
{
    private readonly Dictionary<string, LiveParticipant> _present = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SlidingWindowLimit> _chatLimits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParticipantIdentity> _waiting = new(StringComparer.Ordinal);
    // Everyone admitted since the room opened: staff may write privately to a student whose link
    // just dropped, and the student reads it on rejoin.
    private readonly Dictionary<string, ParticipantIdentity> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParticipantControls> _controls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastChat = new(StringComparer.Ordinal);
    private readonly ChatOptions _chat;

    public LiveLesson(Guid lessonId, Guid cabinetId, long lastChatSeq, ChatOptions chat)
    {
        LessonId = lessonId;
        CabinetId = cabinetId;
        LastChatSeq = lastChatSeq;
        _chat = chat;
    }

    public Guid LessonId { get; }
    public Guid CabinetId { get; }
    public long LastChatSeq { get; private set; }
    public LessonRules Rules { get; } = new();
    public bool Ended { get; private set; }
    public IReadOnlyCollection<LiveParticipant> Present => _present.Values;
    public int WaitingCount => _waiting.Count;

    public LiveParticipant? FindByConnection(string connectionId) =>
        _byConnection.TryGetValue(connectionId, out var id) ? _present[id] : null;

    public LiveParticipant? Find(string participantId) => _present.GetValueOrDefault(participantId);

    /// <summary>
    /// Puts <paramref name="who"/> into the lesson on <paramref name="connectionId"/>. If the same
    /// identity is already present, its old connection is replaced: one participant, never two.
    /// </summary>
    public IReadOnlyList<LessonEvent> Admit(ParticipantIdentity who, string connectionId, DateTimeOffset now, bool returning)
    {
        if (Ended) throw new ClassroomException(ErrorCodes.LessonEnded, "The lesson has ended.");
        if (_byConnection.TryGetValue(connectionId, out var existingId))
        {
            if (existingId == who.Id) return [];
            throw new ClassroomException(ErrorCodes.AlreadyJoined, "This connection is already in the lesson as someone else.");
        }
        if (_present.TryGetValue(who.Id, out var present))
        {
            var old = present.ConnectionId;
            _byConnection.Remove(old);
            _byConnection[connectionId] = who.Id;
            present.ConnectionId = connectionId;
            return [new ConnectionReplaced(LessonId, who.Id, who.Role, old)];
        }
        var participant = new LiveParticipant(who, ControlsFor(who), connectionId, now);
        participant.Permissions = EffectivePermissions.Of(who.Role, Rules, participant.Controls);
        _present[who.Id] = participant;
        _known[who.Id] = who;
        _everAdmitted.Add(who.Id);
        _byConnection[connectionId] = who.Id;
        return [new ParticipantJoined(LessonId, participant, returning)];
    }

    /// <summary>Someone came before the entry window: they wait on this connection until it opens.</summary>
    public void AddWaiting(ParticipantIdentity who, string connectionId)
    {
        if (Ended) throw new ClassroomException(ErrorCodes.LessonEnded, "The lesson has ended.");
        // The same person waiting on two connections (two tabs) keeps only the newest.
        foreach (var (conn, waiting) in _waiting)
        {
            if (waiting.Id == who.Id) _waiting.Remove(conn);
        }
        _waiting[connectionId] = who;
    }

    /// <summary>Everyone waiting, removed from the waiting list, for the host to admit.</summary>
    public IReadOnlyList<(string ConnectionId, ParticipantIdentity Identity)> TakeWaiting()
    {
        var all = _waiting.Select(kv => (kv.Key, kv.Value)).ToList();
        _waiting.Clear();
        return all;
    }

    /// <summary>A connection went away. Only the participant's current connection makes them leave.</summary>
    public IReadOnlyList<LessonEvent> Disconnect(string connectionId)
    {
        _waiting.Remove(connectionId);
        if (_lobby.RemoveAll(e => e.ConnectionId == connectionId) > 0) return [new LobbyChanged(LessonId, Lobby)];
        if (!_byConnection.Remove(connectionId, out var id)) return [];
        var participant = _present[id];
        _present.Remove(id);
        return [new ParticipantLeft(LessonId, id, participant.Role)];
    }

    /// <summary>
    /// Validates a chat message and gives it the next sequence number. <paramref name="targetId"/>
    /// null means the whole cabinet.
    /// </summary>
    public ChatPosted PostChat(string connectionId, string? text, string? targetId, DateTimeOffset now)
    {
        var sender = FindByConnection(connectionId) ?? throw new ClassroomException(ErrorCodes.NotJoined, "Join the lesson first.");
        var clean = ChatRules.CleanText(text, _chat.MaxMessageLength);
        ParticipantIdentity? target = null;
        if (targetId is not null)
        {
            target = _known.GetValueOrDefault(targetId) ?? throw new ClassroomException(ErrorCodes.ChatTargetNotAllowed, "That participant is not in the lesson.");
            if (target.Id == sender.Id) throw new ClassroomException(ErrorCodes.ChatTargetNotAllowed, "You cannot write to yourself.");
        }
        var audience = ChatRules.AudienceFor(sender.Role, sender.Permissions, target?.Role);
        if (!sender.Role.IsStaff() && Rules.SlowMode > TimeSpan.Zero
            && _lastChat.TryGetValue(sender.Id, out var last) && now - last < Rules.SlowMode)
            throw new ClassroomException(ErrorCodes.ChatSlowMode, $"Slow mode: one message every {Rules.SlowMode.TotalSeconds:0} seconds.");
        if (!LimitFor(sender).TryAcquire(now))
            throw new ClassroomException(ErrorCodes.ChatRateLimited, "Too many messages; wait a few seconds.");
        _lastChat[sender.Id] = now;
        var message = new ChatMessage(++LastChatSeq, sender.Id, sender.DisplayName, sender.Role, audience, target?.Id, clean, now);
        return new ChatPosted(LessonId, message);
    }

    /// <summary>
    /// Ends the lesson: everyone but staff leaves, waiting connections are turned away. The removed
    /// connections are listed in <see cref="LessonEnded"/> for the host to close.
    /// </summary>
    public IReadOnlyList<LessonEvent> End()
    {
        if (Ended) return [];
        Ended = true;
        var events = new List<LessonEvent>();
        var removed = _waiting.Keys.Concat(_lobby.Select(e => e.ConnectionId)).ToList();
        _waiting.Clear();
        _lobby.Clear();
        foreach (var p in _present.Values.Where(p => !p.Role.IsStaff()).ToList())
        {
            removed.Add(p.ConnectionId);
            _byConnection.Remove(p.ConnectionId);
            _present.Remove(p.Id);
            events.Add(new ParticipantLeft(LessonId, p.Id, p.Role));
        }
        events.Add(new LessonEnded(LessonId, removed));
        return events;
    }

    private SlidingWindowLimit LimitFor(LiveParticipant sender)
    {
        if (!_chatLimits.TryGetValue(sender.Id, out var limit))
        {
            var permits = sender.Role.IsStaff() ? _chat.StaffMessagesPerWindow : _chat.StudentMessagesPerWindow;
            limit = new SlidingWindowLimit(permits, _chat.RateWindow);
            _chatLimits[sender.Id] = limit;
        }
        return limit;
    }
}
