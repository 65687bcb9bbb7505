namespace Classroom.Bench.Scenarios.District;

/// <summary>Where a run tells how it is going: a status line replaced each second, and lines to keep.</summary>
public sealed record DistrictLog(Action<string> Status, Action<string> Line)
{
    public static readonly DistrictLog Silent = new(_ => { }, _ => { });

    /// <summary>Calls <paramref name="describe"/> every second until disposed, for the status line.</summary>
    public IAsyncDisposable Every(TimeSpan period, Func<string> describe) => new Ticker(period, () => Status(describe()));

    private sealed class Ticker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Ticker(TimeSpan period, Action tick) => _loop = LoopAsync(period, tick, _stop.Token);

        private static async Task LoopAsync(TimeSpan period, Action tick, CancellationToken ct)
        {
            using var timer = new PeriodicTimer(period);
            try
            {
                while (await timer.WaitForNextTickAsync(ct)) tick();
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
