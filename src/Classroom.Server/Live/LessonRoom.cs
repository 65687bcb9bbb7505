using Classroom.Core.Live;

namespace Classroom.Server.Live;

/// <summary>
/// One live lesson on this node: Core's state plus the gate that serializes every change to it,
/// so persistence and fan-out happen in the order Core decided.
/// </summary>
public sealed class LessonRoom(LessonFacts facts, LiveLesson live) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LessonFacts Facts { get; set; } = facts;
    public LiveLesson Live { get; } = live;
    public Guid LessonId => Facts.LessonId;
    public string Group => GroupOf(Facts.LessonId);
    public string StaffGroup => $"staff:{Facts.LessonId:N}";

    public static string GroupOf(Guid lessonId) => $"lesson:{lessonId:N}";

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

    public void Dispose() => _gate.Dispose();
}
