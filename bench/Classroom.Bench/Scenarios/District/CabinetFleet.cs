using System.Diagnostics;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Reporting;
using Classroom.Contracts;
using Classroom.Testing.Api;
using Classroom.Testing.Hub;

namespace Classroom.Bench.Scenarios.District;

/// <summary>How a batch of joins went.</summary>
public sealed record JoinStats(int Attempted, int Joined, int Failed, string? FirstError, LatencySummary Latency, TimeSpan SetupTime, TimeSpan JoinTime)
{
    /// <summary>Server cores while these joins ran.</summary>
    public double ServerCores { get; init; } = double.NaN;

    public double JoinsPerSecond => Joined / Math.Max(1e-3, JoinTime.TotalSeconds);
}

/// <summary>
/// The cabinets of one run, all speaking one protocol: grows by whole lessons (created through the
/// API, then everyone joins with bounded parallelism), and disconnects everyone cleanly at the end.
/// </summary>
public sealed class CabinetFleet(Uri server, BenchSchool school, FanoutMeters meters, DistrictSettings settings, Wire wire, int firstLessonNumber)
    : IAsyncDisposable
{
    /// <summary>Lessons created at once: SQLite takes one writer anyway, a few keep the API busy.</summary>
    private const int SetupParallelism = 4;
    private readonly List<Cabinet> _cabinets = [];
    private readonly List<Cabinet> _pending = [];
    private int _joining;
    private int _dropped;
    private volatile bool _closing;

    public Wire Wire { get; } = wire;
    public IReadOnlyList<Cabinet> Cabinets => _cabinets;
    public int Students => _cabinets.Sum(c => c.Students.Count);
    public int Present => _cabinets.Sum(c => c.Present);

    /// <summary>Joins finished in the current batch (progress display).</summary>
    public int Joining => Volatile.Read(ref _joining);

    /// <summary>Connections that closed on their own after joining (server timeout, abort).</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Creates lessons through the API until there are <paramref name="cabinets"/>; nobody has joined them yet.</summary>
    public async Task<TimeSpan> AddLessonsAsync(int cabinets, CancellationToken ct)
    {
        var setup = Stopwatch.StartNew();
        var first = _cabinets.Count;
        var lessons = new School[Math.Max(0, cabinets - first)];
        await Parallel.ForEachAsync(Enumerable.Range(0, lessons.Length), new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = ct },
            async (i, token) => lessons[i] = await school.LessonAsync(firstLessonNumber + first + i, settings.StudentsPerCabinet, 0, token));
        var added = lessons.Select(NewCabinet).ToList();
        _cabinets.AddRange(added);
        _pending.AddRange(added);
        return setup.Elapsed;
    }

    /// <summary>Everyone of the lessons added since the last call joins, with bounded parallelism.</summary>
    public async Task<JoinStats> JoinNewAsync(TimeSpan setupTime, CancellationToken ct)
    {
        // Teachers first, as in a school: the lesson is theirs. Then the students of all classes at
        // once, interleaved as at the morning bell (in cabinet order they would queue on one lesson's lock).
        var students = _pending.SelectMany(c => c.Students.Select(s => (Cabinet: c, Client: s))).ToArray();
        new Random(settings.Seed + _cabinets.Count).Shuffle(students);
        var queue = _pending.Select(c => (Cabinet: c, Client: c.Teacher)).Concat(students).ToList();
        _pending.Clear();
        var latency = new LatencyRecorder();
        var joined = 0;
        var failed = 0;
        string? firstError = null;
        Volatile.Write(ref _joining, 0);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(queue, new ParallelOptions { MaxDegreeOfParallelism = settings.JoinConcurrency, CancellationToken = ct }, async (item, token) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(settings.JoinTimeout);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await item.Client.EnterAsync(timeout.Token);
                latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                item.Cabinet.Joined(item.Client);
                Interlocked.Increment(ref joined);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
            }
            Interlocked.Increment(ref _joining);
        });
        return new JoinStats(queue.Count, joined, failed, firstError, latency.Summarize(), setupTime, clock.Elapsed);
    }

    /// <summary>The fullest lesson snapshot anyone received (the last to join a full cabinet sees all 31).</summary>
    public LessonSnapshot? LargestSnapshot() =>
        _cabinets.SelectMany(c => c.Members).Select(m => m.Snapshot).OfType<LessonSnapshot>().MaxBy(s => s.Participants.Count);

    private Cabinet NewCabinet(School lesson)
    {
        var teacher = school.TeacherClient(server, lesson.Lesson.Id, Wire);
        var students = lesson.Codes.Select(code => BenchSchool.Student(server, code, Wire)).ToList();
        var cabinet = new Cabinet(lesson, teacher, students);
        foreach (var client in cabinet.Members)
        {
            client.ChatReceived = meters.Received;
            var member = client;
            client.Connection.Closed += _ =>
            {
                // Our own disconnect at the end is not a drop; one during the run is.
                if (!_closing && member.Snapshot is not null)
                {
                    cabinet.Dropped();
                    Interlocked.Increment(ref _dropped);
                }
                return Task.CompletedTask;
            };
        }
        return cabinet;
    }

    /// <summary>Closes every connection (bounded in parallel and in time), so the server sees clean leaves.</summary>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        var clients = _cabinets.SelectMany(c => c.Members).ToList();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 200, CancellationToken = deadline.Token }, async (client, token) =>
            {
                try
                {
                    await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), token);
                }
                catch (TimeoutException)
                {
                    // A connection that will not close politely is dropped with the process; the run is over.
                }
            });
        }
        catch (OperationCanceledException)
        {
        }
        _cabinets.Clear();
    }
}
