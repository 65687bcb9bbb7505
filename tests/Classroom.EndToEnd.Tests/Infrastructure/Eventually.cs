using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Classroom.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The one way these tests wait for something that happens when the network and a loaded machine let
/// it (media arriving, a page settling, a log line): read again every quarter second until a condition
/// holds, within a bounded deadline, and fail saying what did not happen and what was last seen.
/// Never a fixed sleep before an assertion.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait may take by default (ICE, DTLS and the first key frame on a busy machine).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Names in Russian stay readable in a failure message.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reads with <paramref name="read"/> until <paramref name="done"/> holds for what it read, and
    /// returns that. After <paramref name="timeout"/> (<see cref="Timeout"/> by default), including a
    /// read that hangs, throws a <see cref="TimeoutException"/> naming <paramref name="what"/> and the
    /// last value read (as <paramref name="describe"/> writes it; JSON by default).
    /// </summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> read, Func<T, bool> done, string what, Func<T, string>? describe = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var stopwatch = Stopwatch.StartNew();
        var seen = false;
        T last = default!;
        while (true)
        {
            var left = limit - stopwatch.Elapsed;
            if (left > TimeSpan.Zero)
            {
                try
                {
                    last = await read().WaitAsync(left);
                    seen = true;
                    if (done(last)) return last;
                }
                catch (TimeoutException)
                {
                    // The read itself hung past the deadline: report below like any other miss.
                }
            }
            if (stopwatch.Elapsed >= limit)
            {
                var lastSeen = seen ? (describe ?? Describe)(last) : "nothing (no read finished)";
                throw new TimeoutException($"{what} within {limit.TotalSeconds:0.#} s; last seen: {lastSeen}");
            }
            await Task.Delay(Interval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; see <see cref="ValueAsync{T}"/>.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(condition, holds => holds, what, timeout: timeout);

    /// <summary>Waits until <paramref name="condition"/> holds for something that needs no reading (a log, a list kept by an event).</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(condition()), holds => holds, what, timeout: timeout);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        string text => text,
        JsonElement json => json.ToString(),
        _ => JsonSerializer.Serialize(value, Readable),
    };
}
