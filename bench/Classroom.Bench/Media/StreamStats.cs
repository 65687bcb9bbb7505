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
    private readonly Dictionary<int, StreamReceipts> _streams = [];
    private readonly long _deadlineTicks = (long)(onTimeDeadline.TotalSeconds * Stopwatch.Frequency);

    private sealed class StreamReceipts
    {
        public HashSet<uint> Indexes { get; } = [];
        public LatencyRecorder Latency { get; } = new();
        public long OnTime { get; set; }
    }

    /// <summary>Latency of every stream together.</summary>
    public LatencyRecorder Latency { get; } = new();
    public long Duplicates { get; private set; }

    /// <summary>Feeds one decrypted RTP packet (called on the receiving thread).</summary>
    public void OnRtp(ReadOnlySpan<byte> packet)
    {
        var now = Stopwatch.GetTimestamp();
        if (!RtpPacket.TryParse(packet, out var rtp)) return;
        if (!BenchPayload.TryRead(packet.Slice(rtp.PayloadOffset, rtp.PayloadLength), out var stream, out var index, out var sent)) return;
        var ms = (now - sent) * 1000.0 / Stopwatch.Frequency;
        StreamReceipts received;
        lock (_lock)
        {
            if (!_streams.TryGetValue(stream, out received!)) _streams[stream] = received = new StreamReceipts();
            if (!received.Indexes.Add(index))
            {
                Duplicates++;
                return;
            }
            if (now - sent <= _deadlineTicks) received.OnTime++;
        }
        received.Latency.Add(ms);
        Latency.Add(ms);
    }

    public long Received(int streamId)
    {
        lock (_lock) return _streams.TryGetValue(streamId, out var s) ? s.Indexes.Count : 0;
    }

    public long OnTimeOf(int streamId)
    {
        lock (_lock) return _streams.TryGetValue(streamId, out var s) ? s.OnTime : 0;
    }

    public LatencyRecorder LatencyOf(int streamId)
    {
        lock (_lock) return _streams.TryGetValue(streamId, out var s) ? s.Latency : new LatencyRecorder();
    }

    public long ReceivedTotal
    {
        get { lock (_lock) return _streams.Values.Sum(s => (long)s.Indexes.Count); }
    }
}

/// <summary>Every decrypted packet of subscriber i to its <see cref="StreamStats"/> (for scenarios that decrypt them all).</summary>
public sealed class StreamStatsSink(IReadOnlyList<StreamStats> stats) : IReceiverSink
{
    public void Arrived(int subscriber, ReadOnlySpan<byte> packet)
    {
    }

    public void Decrypted(int subscriber, ReadOnlySpan<byte> packet) => stats[subscriber].OnRtp(packet);
}
