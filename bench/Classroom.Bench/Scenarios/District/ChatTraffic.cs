using System.Diagnostics;
using Classroom.Testing.Hub;

namespace Classroom.Bench.Scenarios.District;

/// <summary>What one chat window did.</summary>
public sealed record ChatStats(long Sent, long Failed, string? FirstFailure, long Expected, long Delivered, TimeSpan Window, bool Drained)
{
    public double DeliveryRatio => Expected == 0 ? 1 : (double)Delivered / Expected;
    public double DeliveriesPerSecond => Delivered / Math.Max(1e-3, Window.TotalSeconds);
}

/// <summary>
/// Drives chat in every cabinet at a classroom's pace for one window: each lesson gets a message every
/// min..max interval from its teacher or a random student; the server fans it out to the whole lesson.
/// One loop schedules all lessons (seeded, so two runs send the same pattern); sends run concurrently.
/// </summary>
public static class ChatTraffic
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    // What pupils and teachers write: short lines, Cyrillic (two bytes a letter in UTF-8, as in a real school).
    private static readonly string[] Phrases =
    [
        "Здравствуйте!", "Меня плохо слышно?", "Марья Ивановна, а что задано на завтра?", "Можно выйти?",
        "Я не понял последнюю задачу, можно ещё раз?", "Откройте учебник на странице 42, упражнение 3.",
        "У меня всё получилось, ответ 17.", "Кто готов ответить у доски?", "Спасибо!", "Пришлите, пожалуйста, ссылку на презентацию.",
        "Тише, пожалуйста, продолжаем.", "А контрольная будет в четверг?",
    ];

    public static async Task<ChatStats> RunAsync(IReadOnlyList<Cabinet> cabinets, FanoutMeter meter, DistrictSettings settings, Random random, CancellationToken ct)
    {
        foreach (var cabinet in cabinets) cabinet.NextSend = Interval(settings, random) * random.NextDouble();
        var sends = new List<Task>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < settings.Duration)
        {
            var now = clock.Elapsed;
            foreach (var cabinet in cabinets)
            {
                if (cabinet.NextSend > now) continue;
                cabinet.NextSend += Interval(settings, random);
                if (cabinet.PickSender(random, settings.TeacherShare) is not { } sender) continue;
                sends.Add(SendAsync(cabinet, sender, meter, Phrases[random.Next(Phrases.Length)], ct));
            }
            await Task.Delay(Tick, ct);
        }
        var window = clock.Elapsed;
        var drained = await DrainAsync(sends, meter, settings.DrainTimeout, ct);
        return new ChatStats(meter.Sent, meter.Failed, meter.FirstFailure, meter.Expected, meter.Delivered, window, drained);
    }

    private static TimeSpan Interval(DistrictSettings settings, Random random) =>
        settings.MinInterval + (settings.MaxInterval - settings.MinInterval) * random.NextDouble();

    private static async Task SendAsync(Cabinet cabinet, HubClient sender, FanoutMeter meter, string phrase, CancellationToken ct)
    {
        // Everyone present when it is sent should get it, the sender included (the web client shows its own line from the echo).
        var members = cabinet.Present;
        try
        {
            await sender.SendChatAsync(meter.Stamp(phrase), cancellationToken: ct);
            meter.Succeeded(members);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            meter.FailedWith(ex);
        }
    }

    /// <summary>Waits for the sends to complete and every expected delivery to arrive, up to the timeout.</summary>
    private static async Task<bool> DrainAsync(List<Task> sends, FanoutMeter meter, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(sends).WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            return false;
        }
        while (meter.Delivered < meter.Expected && clock.Elapsed < timeout) await Task.Delay(Tick, ct);
        return meter.Delivered >= meter.Expected;
    }
}
