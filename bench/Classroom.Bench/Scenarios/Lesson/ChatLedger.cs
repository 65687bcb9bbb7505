using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Classroom.Bench.Reporting;

namespace Classroom.Bench.Scenarios.Lesson;

/// <summary>
/// Every chat message the bench sent and who received it: the text carries the message number and
/// its send time, so each receiver's latency and the delivery ratio (expected = everyone but the
/// sender) come out exactly.
/// </summary>
public sealed class ChatLedger
{
    private readonly ConcurrentDictionary<int, string> _senders = new();
    private readonly ConcurrentDictionary<(int Message, string Receiver), bool> _delivered = new();
    private int _next;

    public static string Text(int message, long sentTicks) =>
        string.Create(CultureInfo.InvariantCulture, $"bench {message} {sentTicks}");

    /// <summary>Registers a message about to be sent by <paramref name="senderId"/> and returns its text.</summary>
    public string Next(string senderId)
    {
        var message = Interlocked.Increment(ref _next);
        _senders[message] = senderId;
        return Text(message, Stopwatch.GetTimestamp());
    }

    /// <summary>Withdraws a message the server refused (it will not be delivered, nor expected).</summary>
    public void Refused(string text)
    {
        if (TryParse(text, out var message, out _)) _senders.TryRemove(message, out _);
    }

    public int Sent => _senders.Count;

    /// <summary>Records a receipt; returns the latency in ms, or null for a message not ours or a duplicate.</summary>
    public double? Received(string receiverId, string text, LatencyRecorder recorder)
    {
        var now = Stopwatch.GetTimestamp();
        if (!TryParse(text, out var message, out var sent) || !_senders.TryGetValue(message, out var sender) || sender == receiverId) return null;
        if (!_delivered.TryAdd((message, receiverId), true)) return null;
        var ms = (now - sent) * 1000.0 / Stopwatch.Frequency;
        recorder.Add(ms);
        return ms;
    }

    /// <summary>Deliveries expected for one receiver: every message someone else sent.</summary>
    public int ExpectedFor(string receiverId) => _senders.Count(s => s.Value != receiverId);

    public int DeliveredTo(string receiverId) => _delivered.Keys.Count(k => k.Receiver == receiverId);

    private static bool TryParse(string text, out int message, out long sent)
    {
        message = 0;
        sent = 0;
        var parts = text.Split(' ');
        return parts.Length == 3 && parts[0] == "bench"
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out message)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sent);
    }
}
