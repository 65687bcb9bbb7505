namespace Classroom.Media.Rtcp;

/// <summary>RTCP packet type (PT) values: RFC 3550 §12.1 and RFC 4585 §6.1.</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte ApplicationDefined = 204;
    /// <summary>RTPFB, transport-layer feedback (RFC 4585 §6.2).</summary>
    public const byte TransportFeedback = 205;
    /// <summary>PSFB, payload-specific feedback (RFC 4585 §6.3).</summary>
    public const byte PayloadFeedback = 206;
}
