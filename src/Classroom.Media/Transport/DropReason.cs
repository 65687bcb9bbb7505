namespace Classroom.Media.Transport;

/// <summary>Why the media socket dropped a datagram. Each reason is counted (<see cref="MediaSocket.DroppedFor"/>); none is logged per packet.</summary>
public enum DropReason
{
    /// <summary>Not STUN, DTLS or RTP by its first byte (RFC 7983).</summary>
    NotMedia = 0,

    /// <summary>DTLS or SRTP from an address no peer validated, or SRTP before the peer was keyed.</summary>
    UnknownSource,

    /// <summary>STUN that is malformed, for no known ufrag, or that the peer's ICE agent refused.</summary>
    StunRefused,

    /// <summary>SRTP or SRTCP that does not parse as such.</summary>
    SrtpMalformed,

    /// <summary>SRTP or SRTCP replayed or older than the replay window.</summary>
    SrtpReplayed,

    /// <summary>SRTP or SRTCP whose authentication tag did not match.</summary>
    SrtpUnauthentic,

    /// <summary>SRTP or SRTCP for a peer that closed, or beyond its stream limit.</summary>
    PeerClosed,

    /// <summary>STUN or DTLS for a peer beyond <see cref="ControlBudget"/> (a flood, never a browser).</summary>
    ControlFlood,

    /// <summary>A packet for an ICE-TCP peer whose connection's send queue was full: dropped whole, never half a frame.</summary>
    TcpQueueFull,
}
