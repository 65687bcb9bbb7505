using Classroom.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Testing.Hub;

// What the server pushes to the client: recorded in order for tests to wait on and read, and
// handed to the callbacks the bench listens with.
public sealed partial class HubClient
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);
    private readonly bool _record;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly List<ChatMessageView> _chat = [];
    private readonly List<ParticipantView> _joined = [];
    private readonly List<string> _left = [];
    private readonly List<LessonPhaseView> _phases = [];
    private readonly List<ParticipantView> _updated = [];
    private readonly List<LessonRulesView> _rules = [];
    private readonly List<ModerationEntryView> _moderation = [];
    private readonly List<IReadOnlyList<LobbyEntryView>> _lobbies = [];
    private readonly List<IReadOnlyList<BanView>> _bans = [];
    private readonly List<RemovalView> _removals = [];
    private readonly List<long> _deleted = [];
    private readonly List<string> _replacedOthers = [];
    private readonly List<IReadOnlyList<MediaTrackView>> _tracks = [];
    private readonly TaskCompletionSource<LessonSnapshot> _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _replaced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called on the connection's receive loop for every chat message; keep it short.</summary>
    public Action<ChatMessageView>? ChatReceived { get; set; }

    /// <summary>Called on the connection's receive loop when the lesson's tracks change.</summary>
    public Action<IReadOnlyList<MediaTrackView>>? TracksChanged { get; set; }

    public IReadOnlyList<ChatMessageView> Chat { get { lock (_lock) return _chat.ToList(); } }
    public IReadOnlyList<ParticipantView> Joined { get { lock (_lock) return _joined.ToList(); } }
    public IReadOnlyList<string> Left { get { lock (_lock) return _left.ToList(); } }
    public IReadOnlyList<LessonPhaseView> Phases { get { lock (_lock) return _phases.ToList(); } }
    public IReadOnlyList<ParticipantView> Updated { get { lock (_lock) return _updated.ToList(); } }
    public IReadOnlyList<LessonRulesView> Rules { get { lock (_lock) return _rules.ToList(); } }
    public IReadOnlyList<ModerationEntryView> Moderation { get { lock (_lock) return _moderation.ToList(); } }
    public IReadOnlyList<LobbyEntryView> LobbyNow { get { lock (_lock) return _lobbies.LastOrDefault() ?? []; } }
    public IReadOnlyList<BanView> BansNow { get { lock (_lock) return _bans.LastOrDefault() ?? []; } }
    public IReadOnlyList<RemovalView> Removals { get { lock (_lock) return _removals.ToList(); } }
    public IReadOnlyList<long> Deleted { get { lock (_lock) return _deleted.ToList(); } }
    public IReadOnlyList<string> ReplacedOthers { get { lock (_lock) return _replacedOthers.ToList(); } }

    /// <summary>The lesson's tracks as last announced (null: never announced).</summary>
    public IReadOnlyList<MediaTrackView>? TracksNow { get { lock (_lock) return _tracks.LastOrDefault(); } }

    /// <summary>The latest state of a participant as pushed by the server.</summary>
    public ParticipantView? Latest(string participantId) { lock (_lock) return _updated.LastOrDefault(p => p.Id == participantId); }

    public Task<LessonSnapshot> Admitted => _admitted.Task.WaitAsync(DefaultWait);
    public Task Ended => _ended.Task.WaitAsync(DefaultWait);
    public Task Replaced => _replaced.Task.WaitAsync(DefaultWait);
    public Task<Exception?> Closed => _closed.Task.WaitAsync(DefaultWait);
    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Waits until the recorded state satisfies <paramref name="condition"/>, re-checking on every event.</summary>
    public async Task WaitUntilAsync(Func<HubClient, bool> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("The expected events did not arrive.");
            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    private void Listen(HubConnection connection)
    {
        connection.On<ChatMessageView>(nameof(IClassroomClient.ChatReceived), m =>
        {
            ChatReceived?.Invoke(m);
            Keep(_chat, m);
        });
        connection.On<ParticipantView>(nameof(IClassroomClient.ParticipantJoined), p => Keep(_joined, p));
        connection.On<string>(nameof(IClassroomClient.ParticipantLeft), id => Keep(_left, id));
        connection.On<LessonPhaseView>(nameof(IClassroomClient.LessonPhaseChanged), p => Keep(_phases, p));
        connection.On<ParticipantView>(nameof(IClassroomClient.ParticipantUpdated), p => Keep(_updated, p));
        connection.On<LessonRulesView>(nameof(IClassroomClient.RulesChanged), r => Keep(_rules, r));
        connection.On<ModerationEntryView>(nameof(IClassroomClient.ModerationLogged), e => Keep(_moderation, e));
        connection.On<IReadOnlyList<LobbyEntryView>>(nameof(IClassroomClient.LobbyChanged), l => Keep(_lobbies, l));
        connection.On<IReadOnlyList<BanView>>(nameof(IClassroomClient.BansChanged), b => Keep(_bans, b));
        connection.On<RemovalView>(nameof(IClassroomClient.Removed), r => Keep(_removals, r));
        connection.On<long>(nameof(IClassroomClient.ChatDeleted), seq => Keep(_deleted, seq));
        connection.On<string>(nameof(IClassroomClient.ConnectionReplaced), id => Keep(_replacedOthers, id));
        connection.On<IReadOnlyList<MediaTrackView>>(nameof(IClassroomClient.MediaTracksChanged), t =>
        {
            TracksChanged?.Invoke(t);
            Keep(_tracks, t);
        });
        // One-off events are kept whatever Record says: joining waits on them.
        connection.On<LessonSnapshot>(nameof(IClassroomClient.Admitted), s => Signal(() => _admitted.TrySetResult(s)));
        connection.On<Guid>(nameof(IClassroomClient.LessonEnded), _ => Signal(() => _ended.TrySetResult()));
        connection.On(nameof(IClassroomClient.Replaced), () => Signal(() => _replaced.TrySetResult()));
        connection.Closed += e =>
        {
            Signal(() => _closed.TrySetResult(e));
            return Task.CompletedTask;
        };
    }

    private void Keep<T>(List<T> list, T item)
    {
        if (!_record) return;
        Signal(() => list.Add(item));
    }

    private void Signal(Action change)
    {
        lock (_lock) change();
        _changed.Release();
    }
}
