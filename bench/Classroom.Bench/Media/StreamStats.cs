using System.Diagnostics;
using Classroom.Bench.Reporting;
using Classroom.Media.Rtp;

namespace Classroom.Bench.Media;

/// <summary>
/// What one receiver got of the streams it should get: packets by stream (distinct indexes, so a
/// duplicate is not counted twice), one-way latency from the payload's send time, and how many
/// arrived within a deadline ("on time" for a jitter buffer).
/// </summary>
public sealed class StreamStats(TimeSpan onTimeDeadline)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, HashSet<uint>> _seen = [];
    private readonly long _deadlineTicks = (long)(onTimeDeadline.TotalSeconds * Stopwatch.Frequency);

    public LatencyRecorder Latency { get; } = new();
    public long OnTime { get; private set; }
    public long Duplicates { get; private set; }

    /// <summary>Feeds one decrypted RTP packet (called on the receiving thread).</summary>
    public void OnRtp(ReadOnlySpan<byte> packet)
    {
        var now = Stopwatch.GetTimestamp();
        if (!RtpPacket.TryParse(packet, out var rtp)) return;
        if (!BenchPayload.TryRead(packet.Slice(rtp.PayloadOffset, rtp.PayloadLength), out var stream, out var index, out var sent)) return;
        lock (_lock)
        {
            if (!_seen.TryGetValue(stream, out var indexes)) _seen[stream] = indexes = [];
            if (!indexes.Add(index))
            {
                Duplicates++;
                return;
            }
            if (now - sent <= _deadlineTicks) OnTime++;
        }
        Latency.Add((now - sent) * 1000.0 / Stopwatch.Frequency);
    }

    public long Received(int streamId)
    {
        lock (_lock) return _seen.TryGetValue(streamId, out var s) ? s.Count : 0;
    }

    public long ReceivedTotal
    {
        get { lock (_lock) return _seen.Values.Sum(s => (long)s.Count); }
    }
}
