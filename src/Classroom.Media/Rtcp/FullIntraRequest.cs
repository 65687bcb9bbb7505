namespace Classroom.Media.Rtcp;

// RFC 5104 §4.3.1 Full Intra Request: PSFB (PT=206) with FMT=4; one or more FCI entries (FirEntry).
// The "SSRC of media source" is unused and SHALL be 0; the targets are in the entries.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  FMT=4  |    PT=206     |          length               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source (0)                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :            FCI: n × (SSRC, Seq nr., Reserved)                 :

/// <summary>A FIR packet; entries are read through the packet bytes.</summary>
public readonly ref struct FullIntraRequest
{
    public const byte Format = 4;

    public uint SenderSsrc { get; init; }
    /// <summary>Kept as received; written as given (RFC 5104 says 0).</summary>
    public uint MediaSsrc { get; init; }
    public RtcpItemList<FirEntry> Entries { get; init; }

    public int MarshalSize => RtcpFraming.FeedbackHeaderSize + Entries.ByteLength;

    public static bool TryParse(ReadOnlySpan<byte> packet, out FullIntraRequest fir)
    {
        fir = default;
        if (!RtcpFraming.TryOpenFeedback(packet, RtcpPacketType.PayloadFeedback, Format, out var sender, out var media, out var fci)
            || fci.IsEmpty || fci.Length % FirEntry.Size != 0)
        {
            return false;
        }

        fir = new FullIntraRequest
        {
            SenderSsrc = sender,
            MediaSsrc = media,
            Entries = new RtcpItemList<FirEntry>(fci, fromWire: true),
        };
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        var size = MarshalSize;
        if (Entries.Count == 0 || size > RtcpFraming.MaxPacketLength || destination.Length < size) return 0;
        RtcpFraming.WriteFeedbackHeader(destination, Format, RtcpPacketType.PayloadFeedback, size, SenderSsrc, MediaSsrc);
        Entries.WriteTo(destination[RtcpFraming.FeedbackHeaderSize..]);
        return size;
    }
}
