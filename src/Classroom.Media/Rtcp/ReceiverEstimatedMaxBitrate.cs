using System.Buffers.Binary;

namespace Classroom.Media.Rtcp;

// draft-alvestrand-rmcat-remb-03 §2.2 REMB: PSFB (PT=206) with FMT=15 (application layer feedback).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P| FMT=15  |   PT=206      |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source (0)                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Unique identifier 'R' 'E' 'M' 'B'                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   SSRC feedback                                               |
// :  ...                                                          :
//
// Bitrate in bits per second = mantissa × 2^exp.

/// <summary>Receiver-side bandwidth estimate for the listed SSRCs.</summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    public const byte Format = 15;
    public const uint Identifier = 0x52454D42; // "REMB"
    public const int MaxMantissa = (1 << 18) - 1;
    public const int MaxSsrcCount = 255;

    public uint SenderSsrc { get; init; }
    public uint MediaSsrc { get; init; }
    /// <summary>Bits per second; values past what 64 bits hold read as <see cref="ulong.MaxValue"/>.</summary>
    public ulong Bitrate { get; init; }
    public RtcpItemList<SsrcEntry> Ssrcs { get; init; }

    public int MarshalSize => RtcpFraming.FeedbackHeaderSize + 8 + Ssrcs.ByteLength;

    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        if (!RtcpFraming.TryOpenFeedback(packet, RtcpPacketType.PayloadFeedback, Format, out var sender, out var media, out var fci)
            || fci.Length < 8
            || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(fci[4..]);
        var count = (int)(word >> 24);
        if (fci.Length != 8 + count * SsrcEntry.Size) return false;
        remb = new ReceiverEstimatedMaxBitrate
        {
            SenderSsrc = sender,
            MediaSsrc = media,
            Bitrate = Decode((int)(word >> 18) & 0x3F, word & MaxMantissa),
            Ssrcs = new RtcpItemList<SsrcEntry>(fci[8..], fromWire: true),
        };
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        var size = MarshalSize;
        if (Ssrcs.Count > MaxSsrcCount || destination.Length < size) return 0;
        RtcpFraming.WriteFeedbackHeader(destination, Format, RtcpPacketType.PayloadFeedback, size, SenderSsrc, MediaSsrc);
        var fci = destination[RtcpFraming.FeedbackHeaderSize..];
        BinaryPrimitives.WriteUInt32BigEndian(fci, Identifier);
        var (exponent, mantissa) = Encode(Bitrate);
        BinaryPrimitives.WriteUInt32BigEndian(fci[4..], (uint)Ssrcs.Count << 24 | (uint)exponent << 18 | mantissa);
        Ssrcs.WriteTo(fci[8..]);
        return size;
    }

    /// <summary>Smallest exponent whose mantissa fits 18 bits; the low bits are truncated (never overstate).</summary>
    public static (int Exponent, uint Mantissa) Encode(ulong bitrate)
    {
        var exponent = 0;
        while (bitrate > MaxMantissa)
        {
            bitrate >>= 1;
            exponent++;
        }

        return (exponent, (uint)bitrate);
    }

    public static ulong Decode(int exponent, uint mantissa)
    {
        if (mantissa == 0) return 0;
        var bits = 32 - System.Numerics.BitOperations.LeadingZeroCount(mantissa);
        return bits + exponent > 64 ? ulong.MaxValue : (ulong)mantissa << exponent;
    }
}
