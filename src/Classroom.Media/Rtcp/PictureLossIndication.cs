namespace Classroom.Media.Rtcp;

// RFC 4585 §6.3.1 Picture Loss Indication: PSFB (PT=206) with FMT=1 and no FCI.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  FMT=1  |    PT=206     |          length=2             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>A request for a new key frame from <see cref="MediaSsrc"/>.</summary>
public readonly record struct PictureLossIndication
{
    public const byte Format = 1;
    public const int Size = RtcpFraming.FeedbackHeaderSize;

    public uint SenderSsrc { get; init; }
    public uint MediaSsrc { get; init; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Every RTCP message exposes MarshalSize on the instance.")]
    public int MarshalSize => Size;

    public static bool TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        pli = default;
        if (!RtcpFraming.TryOpenFeedback(packet, RtcpPacketType.PayloadFeedback, Format, out var sender, out var media, out var fci)
            || !fci.IsEmpty)
        {
            return false;
        }

        pli = new PictureLossIndication { SenderSsrc = sender, MediaSsrc = media };
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size) return 0;
        RtcpFraming.WriteFeedbackHeader(destination, Format, RtcpPacketType.PayloadFeedback, Size, SenderSsrc, MediaSsrc);
        return Size;
    }
}
