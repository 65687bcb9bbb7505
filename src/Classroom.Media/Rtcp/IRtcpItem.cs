namespace Classroom.Media.Rtcp;

/// <summary>A fixed-size repeated element of an RTCP packet: report block, NACK pair, FIR entry, SSRC.</summary>
public interface IRtcpItem<TSelf>
    where TSelf : struct, IRtcpItem<TSelf>
{
    /// <summary>Bytes one element takes on the wire.</summary>
    static abstract int WireSize { get; }

    /// <summary>Decodes one element; <paramref name="source"/> holds at least <see cref="WireSize"/> bytes.</summary>
    static abstract TSelf Read(ReadOnlySpan<byte> source);

    /// <summary>Encodes one element; <paramref name="destination"/> holds at least <see cref="WireSize"/> bytes.</summary>
    void Write(Span<byte> destination);
}
