using Classroom.Bench.Infrastructure;
using Classroom.Testing.Api;
using Classroom.Testing.Hub;

namespace Classroom.Bench.Scenarios.District;

/// <summary>One live lesson of the district: its teacher's connection and its students' connections.</summary>
public sealed class Cabinet(School lesson, HubClient teacher, IReadOnlyList<HubClient> students)
{
    private readonly Lock _lock = new();
    private readonly List<HubClient> _students = [];
    private bool _teacherIn;
    private int _present;

    public School Lesson { get; } = lesson;
    public HubClient Teacher { get; } = teacher;
    public IReadOnlyList<HubClient> Students { get; } = students;

    /// <summary>Connections in the lesson now: each chat message should reach every one of them (the sender too).</summary>
    public int Present => Volatile.Read(ref _present);

    /// <summary>When this lesson's next message is due, on the chat window's clock; touched by the driver loop only.</summary>
    public TimeSpan NextSend { get; set; }

    public IEnumerable<HubClient> Members => Students.Prepend(Teacher);

    public void Joined(HubClient client)
    {
        lock (_lock)
        {
            if (client == Teacher) _teacherIn = true;
            else _students.Add(client);
        }
        Interlocked.Increment(ref _present);
    }

    public void Dropped() => Interlocked.Decrement(ref _present);

    /// <summary>Who writes next: the teacher with probability <paramref name="teacherShare"/>, else a random student who got in.</summary>
    public HubClient? PickSender(Random random, double teacherShare)
    {
        lock (_lock)
        {
            if (_teacherIn && (_students.Count == 0 || random.NextDouble() < teacherShare)) return Teacher;
            return _students.Count == 0 ? null : _students[random.Next(_students.Count)];
        }
    }
}
