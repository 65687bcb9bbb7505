namespace Classroom.Media.Rtcp;

// RFC 4585 §6.2.1 Generic NACK: RTPFB (PT=205) with FMT=1; one or more FCI entries (NackPair).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  FMT=1  |    PT=205     |          length               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :            FCI: n × (PID, BLP)                                :

/// <summary>A Generic NACK; pairs are read through the packet bytes.</summary>
public readonly ref struct GenericNack
{
    public const byte Format = 1;

    public uint SenderSsrc { get; init; }
    public uint MediaSsrc { get; init; }
    public RtcpItemList<NackPair> Pairs { get; init; }

    public int MarshalSize => RtcpFraming.FeedbackHeaderSize + Pairs.ByteLength;

    /// <summary>Every sequence number reported lost, pair by pair, PID first then BLP bits upward (wrapping at 2^16).</summary>
    public LostSequenceEnumerator LostSequenceNumbers => new(Pairs);

    public static bool TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = default;
        if (!RtcpFraming.TryOpenFeedback(packet, RtcpPacketType.TransportFeedback, Format, out var sender, out var media, out var fci)
            || fci.IsEmpty || fci.Length % NackPair.Size != 0)
        {
            return false;
        }

        nack = new GenericNack
        {
            SenderSsrc = sender,
            MediaSsrc = media,
            Pairs = new RtcpItemList<NackPair>(fci, fromWire: true),
        };
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        var size = MarshalSize;
        if (Pairs.Count == 0 || size > RtcpFraming.MaxPacketLength || destination.Length < size) return 0;
        RtcpFraming.WriteFeedbackHeader(destination, Format, RtcpPacketType.TransportFeedback, size, SenderSsrc, MediaSsrc);
        Pairs.WriteTo(destination[RtcpFraming.FeedbackHeaderSize..]);
        return size;
    }

    /// <summary>Enumerates lost sequence numbers without allocating.</summary>
    public ref struct LostSequenceEnumerator
    {
        private readonly RtcpItemList<NackPair> pairs;
        private int pairIndex;
        private int bit; // next BLP bit to look at; 16 once the pair is done
        private NackPair pair;

        internal LostSequenceEnumerator(RtcpItemList<NackPair> pairs)
        {
            this.pairs = pairs;
            pairIndex = -1;
            bit = 16;
        }

        public ushort Current { get; private set; }

        public readonly LostSequenceEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                if (bit >= 16)
                {
                    if (++pairIndex >= pairs.Count) return false;
                    pair = pairs[pairIndex];
                    bit = 0;
                    Current = pair.PacketId;
                    return true;
                }

                var b = bit++;
                if ((pair.LostBitmask & (1 << b)) != 0)
                {
                    Current = (ushort)(pair.PacketId + b + 1);
                    return true;
                }
            }
        }
    }
}
