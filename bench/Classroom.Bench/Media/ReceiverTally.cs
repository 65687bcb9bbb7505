using System.Buffers.Binary;
using System.Diagnostics;
using Classroom.Bench.Reporting;
using Classroom.Media.Rtp;

namespace Classroom.Bench.Media;

/// <summary>
/// What one subscriber of the forwarding scenario got, measured so that the bench's receivers do not
/// take the cores of the server they measure: every packet is counted from its RTP header, which SRTP
/// leaves in clear (RFC 3711 §3.1) — per SSRC, sequence numbers extended and checked for gaps and
/// duplicates (<see cref="SequenceTally"/>) — and only a sample of the packets (one in N, the
/// receiver's choice) is authenticated and decrypted, to read the send time the bench wrote into the
/// payload (<see cref="BenchPayload"/>) and give one-way latency. Loss comes from the sequence numbers
/// of every packet, latency from the samples. The bare forwarder's subscribers, whose packets are
/// plain, feed the same tally the same way so the targets are measured alike.
/// </summary>
public sealed class ReceiverTally
{
    /// <summary>SSRCs told apart; a forwarder sends a subscriber one per track (more would be RTX or probing).</summary>
    private const int MaxStreams = 4;

    private readonly Lock _lock = new();
    private readonly (uint Ssrc, SequenceTally Tally)[] _streams = new (uint, SequenceTally)[MaxStreams];
    private readonly Dictionary<int, LatencyRecorder> _latency = [];
    private int _streamCount;
    private long _otherSsrcs;
    private long _unreadable;
    private uint? _mediaSsrc;

    /// <summary>Counts one packet as it arrived (SRTP: header in clear, payload still encrypted); called on the receiving thread.</summary>
    public void Arrived(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || (packet[0] & 0xC0) != 0x80)
        {
            Interlocked.Increment(ref _unreadable);
            return;
        }
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        lock (_lock)
        {
            for (var i = 0; i < _streamCount; i++)
            {
                if (_streams[i].Ssrc != ssrc) continue;
                _streams[i].Tally.Add(sequence);
                return;
            }
            if (_streamCount == MaxStreams)
            {
                _otherSsrcs++;
                return;
            }
            var tally = new SequenceTally();
            tally.Add(sequence);
            _streams[_streamCount++] = (ssrc, tally);
        }
    }

    /// <summary>Reads one decrypted (or plain) packet of the sample: its stream's latency from the send time in the payload.</summary>
    public void Sampled(ReadOnlySpan<byte> packet)
    {
        var now = Stopwatch.GetTimestamp();
        if (!RtpPacket.TryParse(packet, out var rtp)) return;
        if (!BenchPayload.TryRead(packet.Slice(rtp.PayloadOffset, rtp.PayloadLength), out var stream, out _, out var sent)) return;
        var ms = (now - sent) * 1000.0 / Stopwatch.Frequency;
        LatencyRecorder recorder;
        lock (_lock)
        {
            // The SSRC whose payloads are the bench's is the one whose sequence numbers are measured.
            _mediaSsrc ??= rtp.Ssrc;
            if (!_latency.TryGetValue(stream, out recorder!)) _latency[stream] = recorder = new LatencyRecorder();
        }
        recorder.Add(ms);
    }

    /// <summary>
    /// The counts of the media stream so far: the SSRC a sample showed to carry the bench's payloads,
    /// or, before any sample, the one with the most packets.
    /// </summary>
    public SequenceCounts Counts()
    {
        lock (_lock)
        {
            SequenceCounts? best = null;
            for (var i = 0; i < _streamCount; i++)
            {
                var counts = _streams[i].Tally.Counts;
                if (_mediaSsrc == _streams[i].Ssrc) return counts;
                if (best is null || counts.Received > best.Value.Received) best = counts;
            }
            return best ?? default;
        }
    }

    /// <summary>Latency samples of the bench stream <paramref name="streamId"/> (a step of a scenario).</summary>
    public LatencyRecorder LatencyOf(int streamId)
    {
        lock (_lock) return _latency.TryGetValue(streamId, out var recorder) ? recorder : new LatencyRecorder();
    }

    /// <summary>Packets of further SSRCs beyond the ones told apart, and datagrams that were no RTP: both should stay 0.</summary>
    public long Strays => Interlocked.Read(ref _unreadable) + Interlocked.Read(ref _otherSsrcs);
}
