using Classroom.Media.Sfu;

namespace Classroom.Media.Rooms;

/// <summary>A track published in a room now: whose, what kind, and how many receive it.</summary>
public sealed record TrackInfo(string TrackId, string ParticipantId, MediaKind Kind, string Mid, uint Ssrc, byte PayloadType, int Receivers);

/// <summary>One m-section of a receiver's offer and the track it carries.</summary>
public sealed record OfferedSection(string Mid, string TrackId, string ParticipantId, MediaKind Kind);

/// <summary>The relay's offer to a receiver (null SDP: nothing to receive yet) and its version, which the answer must name.</summary>
public sealed record ReceiveOffer(string? Sdp, int Version, IReadOnlyList<OfferedSection> Sections);

/// <summary>Which of a session's two transports.</summary>
public enum TransportDirection
{
    Publishing = 0,
    Receiving,
}

/// <summary>Why a transport ended.</summary>
public enum TransportGoneReason
{
    /// <summary>The host closed it: unpublished, the page's session ended, the participant or the room was closed.</summary>
    Closed = 0,
    /// <summary>The browser stopped answering ICE consent checks (RFC 7675): the page is gone or its link died.</summary>
    ConsentExpired,
}

/// <summary>A transport of a session ended; its tracks (if publishing) ended with it.</summary>
public sealed record TransportGone(Guid RoomId, string SessionId, string ParticipantId, TransportDirection Direction, TransportGoneReason Reason);

/// <summary>How one published track arrives at the relay, from the relay's latest receiver report (RFC 3550 §6.4.2).</summary>
/// <param name="FractionLost">Packets lost since the last report, in 256ths.</param>
/// <param name="CumulativeLost">Packets lost since the track began.</param>
/// <param name="Jitter">Interarrival jitter in the track's clock units.</param>
public sealed record TrackStatistics(string TrackId, MediaKind Kind, byte FractionLost, int CumulativeLost, uint Jitter);

/// <summary>A publisher's link as the relay measured it this report interval: one entry per track it sends.</summary>
public sealed record LinkStatistics(Guid RoomId, string SessionId, string ParticipantId, IReadOnlyList<TrackStatistics> Tracks);
