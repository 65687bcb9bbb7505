using System.Diagnostics;

namespace Classroom.Bench.Media;

/// <summary>
/// Sends every registered stream at its own rate from one thread (not a timer per stream: hundreds
/// of streams must not cost hundreds of timers), catching up after a late tick but never bursting
/// more than a few packets per stream at once. Runs for a bounded time and stops by itself.
/// </summary>
public sealed class Pacer
{
    private readonly List<(SyntheticTrack Stream, double Next)> _streams = [];

    public void Add(SyntheticTrack stream) => _streams.Add((stream, 0));

    public IReadOnlyList<SyntheticTrack> Streams => _streams.Select(s => s.Stream).ToList();

    public Task RunAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(duration, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(TimeSpan duration, CancellationToken cancellationToken)
    {
        var buffer = new byte[1500];
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        // Spread the streams' first packets over one period so they don't all start together.
        for (var i = 0; i < _streams.Count; i++)
            _streams[i] = (_streams[i].Stream, start + (double)i / _streams.Count * Stopwatch.Frequency / _streams[i].Stream.Profile.PacketsPerSecond);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end) return;
            var nextDue = double.MaxValue;
            for (var i = 0; i < _streams.Count; i++)
            {
                var (stream, next) = _streams[i];
                var interval = Stopwatch.Frequency / stream.Profile.PacketsPerSecond;
                // After a long stall (GC, a busy core) skip ahead instead of bursting the backlog.
                if (now - next > 4 * interval) next = now - 4 * interval;
                while (next <= now)
                {
                    stream.SendNext(buffer, Stopwatch.GetTimestamp());
                    next += interval;
                }
                _streams[i] = (stream, next);
                nextDue = Math.Min(nextDue, next);
            }
            // Sleep at least a millisecond: spinning would take a core from the server under test on a
            // 2-core machine. At high rates packets then leave in bursts of up to 1 ms worth.
            var waitMs = (nextDue - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (waitMs > 0) Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, waitMs - 0.5)));
        }
    }
}
