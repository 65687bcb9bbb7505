namespace Classroom.Media.Transport;

// RFC 7983 §7: one UDP port carries STUN, DTLS and SRTP/SRTCP; the first byte tells them apart.

public enum PacketKind
{
    Unknown = 0,
    Stun,
    Dtls,
    Rtp,
}

public static class PacketClass
{
    public static PacketKind Of(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return PacketKind.Unknown;
        return datagram[0] switch
        {
            <= 3 => PacketKind.Stun,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 128 and <= 191 => PacketKind.Rtp,
            _ => PacketKind.Unknown,
        };
    }
}
