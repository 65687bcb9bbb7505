namespace Classroom.Media.Rtcp;

// RFC 3550 §6.1 compound packets and the validity checks of Appendix A.2: packets are laid end to
// end, each length field must land on the next header, and only the last packet may carry padding.
// The "first packet is SR/RR" rule is not enforced: RFC 5506 reduced-size RTCP (rtcp-rsize, used by
// browsers) allows a lone feedback packet.
//
// +------+-----+------+-----+------+-----+
// | hdr  | ... | hdr  | ... | hdr  | ... |   each span = (length + 1) * 4 bytes
// +------+-----+------+-----+------+-----+

/// <summary>
/// Walks a compound RTCP packet and yields each sub-packet (header included, so it can be handed
/// to that type's <c>TryParse</c>). Stops with <see cref="Error"/> set on the first inconsistency.
/// </summary>
public ref struct RtcpReader
{
    private readonly ReadOnlySpan<byte> compound;
    private int offset;

    public RtcpReader(ReadOnlySpan<byte> compound)
    {
        this.compound = compound;
        Error = compound.IsEmpty ? RtcpReadError.Empty : RtcpReadError.None;
    }

    public RtcpReadError Error { get; private set; }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Offset => offset;

    public bool TryRead(out RtcpHeader header, out ReadOnlySpan<byte> packet)
    {
        header = default;
        packet = default;
        if (Error != RtcpReadError.None || offset >= compound.Length) return false;

        var rest = compound[offset..];
        if (rest.Length < RtcpHeader.Size) return Fail(RtcpReadError.Truncated);
        if (!RtcpHeader.TryParse(rest, out var parsed)) return Fail(RtcpReadError.BadVersion);
        if (parsed.PacketLength > rest.Length) return Fail(RtcpReadError.Truncated);

        var candidate = rest[..parsed.PacketLength];
        if (parsed.Padding)
        {
            int padding = candidate[^1];
            var isLast = candidate.Length == rest.Length;
            if (!isLast || padding == 0 || padding > candidate.Length - RtcpHeader.Size) return Fail(RtcpReadError.BadPadding);
        }

        offset += candidate.Length;
        header = parsed;
        packet = candidate;
        return true;
    }

    private bool Fail(RtcpReadError error)
    {
        Error = error;
        return false;
    }
}
