using System.Buffers.Binary;
using Classroom.Media.Sfu.Congestion;

namespace Classroom.Media.Sfu;

// Probe padding (RFC 3550 §5.1, P bit): packets with no payload, only padding, that a receiver's video
// stream accepts and skips. They follow the last packet of a frame, on its SSRC and timestamp, with
// the next sequence numbers (SequenceRewriter.TryInsert), so no frame is split by them.
//
//  0                   1                   2                   3
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|1|0|   0   |0|     PT      |  sequence number (inserted)   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          timestamp (the frame that just ended)                |
// |          SSRC (the subscriber's)                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  0 ... 0 (254 octets)                         | count = 255   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

public sealed partial class Router
{
    private const int PaddingBytes = 255;
    private readonly byte[] _probe = new byte[12 + PaddingBytes];
    private long _probesSent;

    /// <summary>Probe padding packets sent to subscribers.</summary>
    public long ProbesSent => Interlocked.Read(ref _probesSent);

    /// <summary>After a frame's last packet (<paramref name="sent"/>, as it went to this consumer): padding up to the link's probe credit. Receive loop only.</summary>
    private void SendProbes(Consumer consumer, SubscriberLink link, ReadOnlySpan<byte> sent)
    {
        var now = SubscriberLink.NowMicros;
        while (link.TakeProbe(_probe.Length, now))
        {
            if (!consumer.Sequence.TryInsert(out var sequence)) return;
            _probe[0] = 0xA0; // V=2, P=1, no extension, no CSRC
            _probe[1] = (byte)(sent[1] & 0x7F); // no marker
            BinaryPrimitives.WriteUInt16BigEndian(_probe.AsSpan(2), sequence);
            sent.Slice(4, 8).CopyTo(_probe.AsSpan(4)); // timestamp and SSRC of the frame
            _probe.AsSpan(12, PaddingBytes - 1).Clear();
            _probe[^1] = PaddingBytes;
            if (!consumer.Subscriber.SendRtp(_probe, SendPriority.Probe)) return;
            Interlocked.Increment(ref _probesSent);
        }
    }
}
