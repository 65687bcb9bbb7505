namespace Classroom.LinkEmulator;

/// <summary>Time since a link started, from an injected <see cref="TimeProvider"/> (a fake one in tests).</summary>
internal sealed class LinkClock(TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();

    public TimeProvider Time { get; } = time;

    public TimeSpan Now => Time.GetElapsedTime(_start);
}
