using System.Text.Json;
using Microsoft.Playwright;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a live page receives, read from the client's own test hook <c>window.classroomMedia.stats()</c>
/// (web-client/README.md "Media": both peer connections' <c>getStats()</c>, mapped by mid to who sends
/// what), and waits on it. Media arrives when the network lets it, so tests wait for a condition
/// (bounded) instead of asserting after a fixed time.
/// </summary>
public static class MediaStats
{
    /// <summary>One received track: whose, which source (<c>camera</c>, <c>screen</c>, <c>microphone</c>), and how much of it came.</summary>
    public sealed record Inbound(string? ParticipantId, string? Source, string Kind, long PacketsReceived, long FramesDecoded);

    /// <summary>The script that reads the hook in a page (also in Firefox's, which Playwright does not drive).</summary>
    public const string Script = "async () => window.classroomMedia ? await window.classroomMedia.stats() : null";

    /// <summary>Every track the page receives now; empty before its media has started.</summary>
    public static async Task<IReadOnlyList<Inbound>> InboundAsync(IPage page) => InboundOf(await page.EvaluateAsync<JsonElement>(Script));

    /// <summary>The received tracks in what <see cref="Script"/> returned; empty before the page's media has started.</summary>
    public static IReadOnlyList<Inbound> InboundOf(JsonElement stats) =>
        stats.ValueKind != JsonValueKind.Object ? [] : stats.GetProperty("inbound").EnumerateArray().Select(s => new Inbound(
            s.GetProperty("participantId").GetString(), s.GetProperty("source").GetString(), s.GetProperty("kind").GetString()!,
            s.GetProperty("packetsReceived").GetInt64(), s.GetProperty("framesDecoded").GetInt64())).ToList();

    /// <summary>Frames of <paramref name="participantId"/>'s <paramref name="source"/> decoded so far, over every section that carried it.</summary>
    public static async Task<long> DecodedAsync(IPage page, string participantId, string source = "camera") =>
        (await InboundAsync(page)).Where(i => i.ParticipantId == participantId && i.Source == source).Sum(i => i.FramesDecoded);

    /// <summary>Audio packets of <paramref name="participantId"/> received so far.</summary>
    public static async Task<long> AudioPacketsAsync(IPage page, string participantId) =>
        (await InboundAsync(page)).Where(i => i.ParticipantId == participantId && i.Kind == "audio").Sum(i => i.PacketsReceived);

    /// <summary>Waits until <paramref name="condition"/> holds (<see cref="Eventually"/>); <paramref name="what"/> says what did not happen.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what) => Eventually.TrueAsync(condition, what);

    /// <summary>
    /// Waits until what <paramref name="page"/> receives satisfies <paramref name="condition"/> and returns
    /// it; the timeout's message lists what it did receive.
    /// </summary>
    public static Task<IReadOnlyList<Inbound>> UntilInboundAsync(IPage page, Func<IReadOnlyList<Inbound>, bool> condition, string what) =>
        Eventually.ValueAsync(() => InboundAsync(page), condition, what);

    /// <summary>
    /// Proves a stream stopped: after a moment for what was already in flight, <paramref name="count"/>
    /// stays the same over a few seconds. Returns that count, to compare with when the stream resumes.
    /// </summary>
    public static async Task<long> AssertStoppedAsync(Func<Task<long>> count, string what)
    {
        await Task.Delay(1000);
        var before = await count();
        await Task.Delay(3000);
        var after = await count();
        Assert.True(before == after, $"{what}: still growing ({before} -> {after})");
        return after;
    }
}
