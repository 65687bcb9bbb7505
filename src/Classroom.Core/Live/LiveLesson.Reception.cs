using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Participants;
using Classroom.Core.Reception;

namespace Classroom.Core.Live;

// Receiver choices: each participant's own choice of what their page receives, and the teacher's
// class default (a ceiling for students, see ReceiveChoices). Kept for the lesson like the teacher's
// other settings: a student who reconnects gets their choice back.
public sealed partial class LiveLesson
{
    /// <summary>Receive-mode changes one participant may make per <see cref="ReceptionWindow"/>: a page flipping it in a loop costs a renegotiation-free relay change each time, but the teacher's console hears of each.</summary>
    public const int ReceptionChangesPerWindow = 10;

    public static readonly TimeSpan ReceptionWindow = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, ReceiveMode> _ownReceive = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SlidingWindowLimit> _receptionLimits = new(StringComparer.Ordinal);

    /// <summary>The teacher's class default for this lesson (students may choose less, never more).</summary>
    public ReceiveMode ClassReceiveMode { get; private set; } = ReceiveMode.Auto;

    /// <summary>A participant's own choice (auto until they choose).</summary>
    public ReceiveMode OwnReceiveMode(string participantId) => _ownReceive.GetValueOrDefault(participantId);

    /// <summary>What the participant's page receives now.</summary>
    public ReceiveMode EffectiveReceiveMode(LiveParticipant participant) =>
        ReceiveChoices.Effective(OwnReceiveMode(participant.Id), ClassReceiveMode, participant.Role);

    /// <summary>The caller chooses what their own page receives. Nothing changes (and no event) when the choice is the same.</summary>
    public IReadOnlyList<LessonEvent> SetReceiveMode(string connectionId, ReceiveMode mode, DateTimeOffset now)
    {
        var me = FindByConnection(connectionId) ?? throw new ClassroomException(ErrorCodes.NotJoined, "Join the lesson first.");
        CheckDefined(mode);
        if (OwnReceiveMode(me.Id) == mode) return [];
        if (!ReceptionLimit(me.Id).TryAcquire(now))
            throw new ClassroomException(ErrorCodes.ReceiveRateLimited, "Too many changes of what you receive; wait a minute.");
        _ownReceive[me.Id] = mode;
        return [ReceptionOf(me)];
    }

    /// <summary>The teacher sets the class default; every present student whose effective mode moved is told.</summary>
    public IReadOnlyList<LessonEvent> SetClassReceiveMode(string connectionId, ReceiveMode mode, DateTimeOffset now)
    {
        var actor = FindByConnection(connectionId) ?? throw new ClassroomException(ErrorCodes.NotJoined, "Join the lesson first.");
        if (!actor.Permissions.HasFlag(Permissions.Moderate)) throw new ClassroomException(ErrorCodes.Forbidden, "Only the teacher can do this.");
        CheckDefined(mode);
        if (ClassReceiveMode == mode) return [];
        if (!ReceptionLimit(actor.Id).TryAcquire(now))
            throw new ClassroomException(ErrorCodes.ReceiveRateLimited, "Too many changes of the class setting; wait a minute.");
        var before = _present.Values.ToDictionary(p => p.Id, EffectiveReceiveMode, StringComparer.Ordinal);
        ClassReceiveMode = mode;
        var events = new List<LessonEvent> { new ClassReceptionChanged(LessonId, mode) };
        foreach (var p in _present.Values)
        {
            if (EffectiveReceiveMode(p) != before[p.Id]) events.Add(ReceptionOf(p));
        }
        return events;
    }

    /// <summary>The participant's own and effective mode, as an event for the host to apply and tell.</summary>
    public ReceptionChanged ReceptionOf(LiveParticipant participant) =>
        new(LessonId, participant.Id, participant.ConnectionId, OwnReceiveMode(participant.Id), EffectiveReceiveMode(participant), ClassReceiveMode);

    private static void CheckDefined(ReceiveMode mode)
    {
        if (!Enum.IsDefined(mode)) throw new ClassroomException(ErrorCodes.ReceiveModeUnknown, "Unknown receive mode.");
    }

    private SlidingWindowLimit ReceptionLimit(string participantId)
    {
        if (!_receptionLimits.TryGetValue(participantId, out var limit))
            _receptionLimits[participantId] = limit = new SlidingWindowLimit(ReceptionChangesPerWindow, ReceptionWindow);
        return limit;
    }
}
