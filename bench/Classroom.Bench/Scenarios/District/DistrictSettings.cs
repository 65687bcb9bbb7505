using Classroom.Bench.Infrastructure;
using Classroom.Testing.Hub;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Scenarios.District;

/// <summary>Which hub protocols the run uses: one for the ramp, or the ramp in MessagePack plus a JSON/MessagePack comparison.</summary>
public enum WireChoice
{
    MessagePack,
    Json,
    Both,
}

/// <summary>
/// The knobs of the district scenario. Defaults are the issue's: ramp to 10,000 students in cabinets
/// of 30, each lesson chatting at a classroom's pace (one message every 2–5 s), 250 ms p99 limit.
/// </summary>
public sealed record DistrictSettings
{
    /// <summary>Student counts of the ramp steps, ascending; each is rounded up to whole cabinets.</summary>
    public IReadOnlyList<int> Steps { get; init; } = [1000, 2500, 5000, 7500, 10000];

    public int StudentsPerCabinet { get; init; } = 30;

    /// <summary>Seconds of chatting measured at each step (joins are not part of it).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause after joins before measuring, so the joins' roster broadcasts have flushed.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Unmeasured chat before a fleet's first window, so JIT and first-query costs stay out of the figures.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Seconds with everyone connected and nobody writing: the server's cost of merely holding connections.</summary>
    public TimeSpan IdleWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gap between two messages of one lesson, drawn uniformly from [min, max].</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of messages the teacher writes; the rest come from a random student.</summary>
    public double TeacherShare { get; init; } = 0.2;

    public WireChoice Wire { get; init; } = WireChoice.Both;

    /// <summary>Students of the fixed step run once per protocol when <see cref="Wire"/> is Both.</summary>
    public int CompareStudents { get; init; } = 1000;

    /// <summary>Joins in flight at once: a school's morning bell, not a reconnect storm.</summary>
    public int JoinConcurrency { get; init; } = 100;

    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait after a chat window for the last deliveries and send completions.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public double P99LimitMs { get; init; } = 250;

    public int GoalStudents { get; init; } = 10_000;

    public int Seed { get; init; } = 6;

    public bool Charts { get; init; } = true;

    public string OutDirectory { get; init; } = Path.Combine(ServerProcess.RepositoryRoot(), "bench", "results");

    /// <summary>The protocol of the ramp: the browser's (MessagePack) unless only JSON was asked for.</summary>
    public Wire RampWire => Wire == WireChoice.Json ? Classroom.Testing.Hub.Wire.Json : Classroom.Testing.Hub.Wire.MessagePack;

    public int CabinetsFor(int students) => (students + StudentsPerCabinet - 1) / StudentsPerCabinet;

    public void Validate()
    {
        if (Steps.Count == 0 || Steps.Any(s => s <= 0)) throw new ArgumentException("Give at least one positive step.");
        if (Steps.Zip(Steps.Skip(1)).Any(p => p.Second <= p.First)) throw new ArgumentException("Steps must ascend.");
        if (StudentsPerCabinet is < 1 or > 100) throw new ArgumentException("Students per cabinet: 1..100 (the lesson's lobby limit).");
        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromMinutes(10)) throw new ArgumentException("Duration: up to 10 minutes per step.");
        if (WarmUp < TimeSpan.Zero || IdleWindow < TimeSpan.Zero || Settle < TimeSpan.Zero) throw new ArgumentException("Warm-up, idle window and settle cannot be negative.");
        if (MinInterval <= TimeSpan.Zero || MaxInterval < MinInterval) throw new ArgumentException("Message interval: 0 < min <= max.");
        if (JoinConcurrency is < 1 or > 1000) throw new ArgumentException("Join concurrency: 1..1000.");
        if (TeacherShare is < 0 or > 1) throw new ArgumentException("Teacher share: 0..1.");
    }
}
