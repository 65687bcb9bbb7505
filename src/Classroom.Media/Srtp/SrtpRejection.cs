namespace Classroom.Media.Srtp;

/// <summary>Why an SRTP or SRTCP packet was not accepted; the transport counts each reason.</summary>
public enum SrtpRejection
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Too short, not RTP/RTCP, or no room in the buffer.</summary>
    Malformed,

    /// <summary>The context was disposed (its transport closed).</summary>
    Closed,

    /// <summary>A new SSRC beyond <see cref="SrtpContext.MaxStreams"/>.</summary>
    TooManyStreams,

    /// <summary>Seen before, or older than the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The authentication tag did not match (forged, corrupted, or keyed differently).</summary>
    Unauthentic,
}
