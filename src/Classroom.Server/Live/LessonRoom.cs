using System.Threading.Channels;
using Classroom.Core.Attendance;
using Classroom.Core.Lessons;
using Classroom.Core.Live;

namespace Classroom.Server.Live;

/// <summary>
/// One live lesson on this node: Core's state, the gate that serializes every change to it, and an
/// outbox that sends the resulting events in the same order. Sending happens outside the gate, so a
/// client on a slow link that stops reading delays only the sends queued behind it, never joins,
/// chat decisions or the entry gate.
/// </summary>
public sealed partial class LessonRoom : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<Func<Task>> _outbox = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;

    public LessonRoom(LessonFacts facts, LiveLesson live, ILogger logger)
    {
        Facts = facts;
        Live = live;
        _logger = logger;
        _ = Task.Run(PumpAsync);
    }

    public LessonFacts Facts { get; set; }
    public LiveLesson Live { get; }

    /// <summary>Who this room last recorded as waiting in the lobby (for the lesson's timeline).</summary>
    public LobbyMarks LobbyMarks { get; } = new();

    /// <summary>
    /// The phase everyone in the room was last told (by their snapshot or <c>LessonPhaseChanged</c>).
    /// The clock moves the phase on by itself (entry window, start), so the entry gate compares this
    /// with the clock's phase every tick and tells the room when they differ.
    /// </summary>
    public LessonPhase PublishedPhase { get; set; }

    public Guid LessonId => Facts.LessonId;

    /// <summary>Everyone in the lesson: chat, phase changes, the end.</summary>
    public string Group => $"lesson:{Facts.LessonId:N}";

    /// <summary>Those who may see who else is there (not display screens): joins and leaves.</summary>
    public string RosterGroup => $"roster:{Facts.LessonId:N}";

    public string StaffGroup => $"staff:{Facts.LessonId:N}";

    public async Task<T> LockedAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task LockedAsync(Func<Task> work, CancellationToken ct) =>
        LockedAsync(async () => { await work(); return true; }, ct);

    /// <summary>Queues a send; sends leave in the order they were queued.</summary>
    public void Post(Func<Task> send) => _outbox.Writer.TryWrite(send);

    private async Task PumpAsync()
    {
        await foreach (var send in _outbox.Reader.ReadAllAsync())
        {
            try
            {
                await send();
            }
            catch (Exception ex)
            {
                // A failed send concerns one connection; SignalR closes it. The rest of the queue goes on.
                SendFailed(_logger, ex, LessonId);
            }
        }
    }

    /// <summary>Stops the outbox once what is queued has gone out; the room takes no more sends.</summary>
    public void Close() => _outbox.Writer.TryComplete();

    public void Dispose()
    {
        Close();
        _gate.Dispose();
    }

    [LoggerMessage(33, LogLevel.Warning, "A send in lesson {LessonId} failed")]
    private static partial void SendFailed(ILogger logger, Exception exception, Guid lessonId);
}
