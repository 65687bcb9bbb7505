using System.Text.RegularExpressions;
using Classroom.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Classroom.Server.Tests.Infrastructure;

/// <summary>A real SignalR client that records every event the server pushes to it.</summary>
public sealed partial class LiveClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);
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

    public LiveClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<ChatMessageView>(nameof(IClassroomClient.ChatReceived), m => Record(() => _chat.Add(m)));
        connection.On<ParticipantView>(nameof(IClassroomClient.ParticipantJoined), p => Record(() => _joined.Add(p)));
        connection.On<string>(nameof(IClassroomClient.ParticipantLeft), id => Record(() => _left.Add(id)));
        connection.On<LessonPhaseView>(nameof(IClassroomClient.LessonPhaseChanged), p => Record(() => _phases.Add(p)));
        connection.On<ParticipantView>(nameof(IClassroomClient.ParticipantUpdated), p => Record(() => _updated.Add(p)));
        connection.On<LessonRulesView>(nameof(IClassroomClient.RulesChanged), r => Record(() => _rules.Add(r)));
        connection.On<ModerationEntryView>(nameof(IClassroomClient.ModerationLogged), e => Record(() => _moderation.Add(e)));
        connection.On<IReadOnlyList<LobbyEntryView>>(nameof(IClassroomClient.LobbyChanged), l => Record(() => _lobbies.Add(l)));
        connection.On<IReadOnlyList<BanView>>(nameof(IClassroomClient.BansChanged), b => Record(() => _bans.Add(b)));
        connection.On<RemovalView>(nameof(IClassroomClient.Removed), r => Record(() => _removals.Add(r)));
        connection.On<long>(nameof(IClassroomClient.ChatDeleted), seq => Record(() => _deleted.Add(seq)));
        connection.On<string>(nameof(IClassroomClient.ConnectionReplaced), id => Record(() => _replacedOthers.Add(id)));
        connection.On<IReadOnlyList<MediaTrackView>>(nameof(IClassroomClient.MediaTracksChanged), t => Record(() => _tracks.Add(t)));
        connection.On<LessonSnapshot>(nameof(IClassroomClient.Admitted), s => Record(() => _admitted.TrySetResult(s)));
        connection.On<Guid>(nameof(IClassroomClient.LessonEnded), _ => Record(() => _ended.TrySetResult()));
        connection.On(nameof(IClassroomClient.Replaced), () => Record(() => _replaced.TrySetResult()));
        connection.Closed += e =>
        {
            Record(() => _closed.TrySetResult(e));
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

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

    public Task ModerateAsync(Classroom.Core.Moderation.ModerationAction action, string? target = null, string? value = null) =>
        Connection.InvokeAsync(HubMethods.Moderate, new ModerateRequest((int)action, target, value));

    public Task<LessonSnapshot> Admitted => _admitted.Task.WaitAsync(DefaultWait);
    public Task Ended => _ended.Task.WaitAsync(DefaultWait);
    public Task Replaced => _replaced.Task.WaitAsync(DefaultWait);
    public Task<Exception?> Closed => _closed.Task.WaitAsync(DefaultWait);
    public bool IsClosed => _closed.Task.IsCompleted;

    public Task<JoinResult> JoinAsync(string? code = null, Guid? lessonId = null, long? lastSeq = null, string? displayName = null) =>
        Connection.InvokeAsync<JoinResult>(HubMethods.Join, new JoinRequest(code, lessonId, lastSeq, displayName));

    public Task<long> SendAsync(string text, string? to = null) =>
        Connection.InvokeAsync<long>(HubMethods.SendChat, new SendChatRequest(text, to));

    public Task<IReadOnlyList<ChatMessageView>> ChatSinceAsync(long seq) =>
        Connection.InvokeAsync<IReadOnlyList<ChatMessageView>>(HubMethods.GetChatSince, seq);

    /// <summary>Waits until the recorded state satisfies <paramref name="condition"/>, re-checking on every event.</summary>
    public async Task WaitUntilAsync(Func<LiveClient, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("The expected events did not arrive.");
            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The stable error code of a refused hub call.</summary>
    public static async Task<string> ErrorCodeOf(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HubException>(call);
        var match = CodePattern().Match(ex.Message);
        Assert.True(match.Success, $"No error code in: {ex.Message}");
        return match.Groups[1].Value;
    }

    private void Record(Action change)
    {
        lock (_lock) change();
        _changed.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _changed.Dispose();
    }

    [GeneratedRegex(@"\[([a-z_.]+)\]")]
    private static partial Regex CodePattern();
}
