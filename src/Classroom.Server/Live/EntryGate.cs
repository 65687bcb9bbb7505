using Classroom.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Live;

/// <summary>
/// The clock of timed entry: once a second it tells each room when its phase moved on (window
/// opened, lesson started), lets in whoever waits for a lesson whose window has opened, and closes
/// lessons that ran past their end and overrun grace. Driven by
/// <see cref="TimeProvider"/>, so tests move time instead of sleeping.
/// </summary>
public sealed class EntryGate(
    LessonRooms rooms,
    Entry entry,
    LessonControl control,
    IOptions<ClassroomOptions> options,
    TimeProvider time,
    ILogger<EntryGate> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Whatever went wrong, the clock of timed entry must keep ticking.
                    Log.EntryGateFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickRoomAsync(LessonRoom room, DateTimeOffset now, CancellationToken ct)
    {
        var clock = room.Facts.Clock;
        if (clock.IsEnded(now, options.Value.OverrunGrace))
        {
            await control.CloseOverrunAsync(room, ct);
            return;
        }
        if (clock.PhaseAt(now, options.Value.OverrunGrace) != room.PublishedPhase) await control.PublishPhaseAsync(room, ct);
        if (room.Live.WaitingCount > 0 && clock.EntryOpensAt <= now)
        {
            var admitted = await room.LockedAsync(() => entry.AdmitWaitingLockedAsync(room), ct);
            if (admitted > 0) Log.WaitingAdmitted(logger, room.LessonId, admitted);
        }
    }

    public async Task TickAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Reading Ended and the counts outside the room's lock is a heuristic for what to look at;
        // every change below happens under the lock.
        foreach (var room in rooms.Loaded.ToList())
        {
            if (room.Live.Ended)
            {
                if (room.Live.Present.Count == 0) rooms.Evict(room);
                continue;
            }
            try
            {
                await TickRoomAsync(room, now, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // One room's trouble must not hold up the others.
                Log.EntryGateFailed(logger, ex);
            }
        }
    }
}
