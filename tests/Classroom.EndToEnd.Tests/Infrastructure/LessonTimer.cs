using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What the lesson bar's timer (<c>lesson-timer</c>, Russian texts) shows, against the lesson's own
/// times and the clock the server runs on (this machine's) while the text was read. A test that
/// expected fixed digits ("идёт 00:1x") would depend on how fast a loaded machine reached the
/// console; this compares with the real clock instead, so it holds however long the way there took.
/// </summary>
public static partial class LessonTimer
{
    /// <summary>
    /// How far the shown time may be off: the text is refreshed once a second and rounded up, and the
    /// page learns the server's clock from a message that spent a moment on the way.
    /// </summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>"до начала MM:SS": the time left until <paramref name="startsAt"/>.</summary>
    public static async Task AssertBeforeStartAsync(ILocator timer, DateTimeOffset startsAt)
    {
        var (text, before, after) = await ReadAsync(timer);
        var match = BeforeStart().Match(text);
        Assert.True(match.Success, $"the timer shows '{text}' before the start");
        AssertBetween(Duration(match.Groups[1].Value), startsAt - after, startsAt - before, $"the time to the start in '{text}'");
    }

    /// <summary>A bare countdown ("MM:SS" or "HH:MM:SS", the waiting screen's <c>countdown</c>): the time left until <paramref name="until"/>.</summary>
    public static async Task AssertCountdownAsync(ILocator countdown, DateTimeOffset until)
    {
        var (text, before, after) = await ReadAsync(countdown);
        Assert.Matches(Countdown(), text);
        AssertBetween(Duration(text), until - after, until - before, $"the countdown '{text}'");
    }

    /// <summary>"идёт MM:SS · осталось MM:SS": the time since <paramref name="startsAt"/> and until the lesson's end.</summary>
    public static async Task AssertRunningAsync(ILocator timer, DateTimeOffset startsAt, TimeSpan duration)
    {
        var (text, before, after) = await ReadAsync(timer);
        var match = Running().Match(text);
        Assert.True(match.Success, $"the timer shows '{text}' during the lesson");
        AssertBetween(Duration(match.Groups[1].Value), before - startsAt, after - startsAt, $"the time since the start in '{text}'");
        AssertBetween(Duration(match.Groups[2].Value), startsAt + duration - after, startsAt + duration - before, $"the time left in '{text}'");
    }

    private static async Task<(string Text, DateTimeOffset Before, DateTimeOffset After)> ReadAsync(ILocator timer)
    {
        var before = DateTimeOffset.UtcNow;
        var text = await timer.InnerTextAsync();
        return (text, before, DateTimeOffset.UtcNow);
    }

    private static void AssertBetween(TimeSpan shown, TimeSpan low, TimeSpan high, string what) =>
        Assert.True(shown >= low - Slack && shown <= high + Slack, $"{what}: {shown} is not within {low}..{high} (± {Slack.TotalSeconds} s)");

    private static TimeSpan Duration(string shown) =>
        TimeSpan.ParseExact(shown, shown.Length > 5 ? @"hh\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?:\d{2}:)?\d{2}:\d{2}$")]
    private static partial Regex Countdown();

    [GeneratedRegex(@"^до начала ((?:\d{2}:)?\d{2}:\d{2})$")]
    private static partial Regex BeforeStart();

    [GeneratedRegex(@"^идёт ((?:\d{2}:)?\d{2}:\d{2}) · осталось ((?:\d{2}:)?\d{2}:\d{2})$")]
    private static partial Regex Running();
}
