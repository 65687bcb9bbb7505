namespace Classroom.Media.Rooms;

/// <summary>What a page asks to receive (the host maps its own receive modes to this; the relay references no domain).</summary>
public enum ReceiveMode
{
    /// <summary>Every video the last-N allows, in the layer the link affords.</summary>
    Auto = 0,

    /// <summary>Video capped at the lowest simulcast layer.</summary>
    Low = 1,

    /// <summary>No video packets at all: every video consumer is paused.</summary>
    AudioOnly = 2,
}

/// <summary>
/// One receiving session's preferences, set by the host (<see cref="Room.SetReceivePreferences"/>).
/// </summary>
/// <param name="Mode">Auto, low or audio only.</param>
/// <param name="MaxVideos">Last-N: videos forwarded at most (null: no limit, e.g. the teacher).</param>
/// <param name="CamerasAsThumbnails">Cameras capped at the lowest layer (the teacher's grid of students); screens are not.</param>
public sealed record ReceivePreferences(ReceiveMode Mode = ReceiveMode.Auto, int? MaxVideos = null, bool CamerasAsThumbnails = false)
{
    public static ReceivePreferences Unlimited { get; } = new();
}

/// <summary>
/// Which of a receiver's video tracks the relay forwards now, and which it holds back (last-N, audio
/// only, the link collapsed): the page shows the name instead of a frozen picture for those.
/// </summary>
public sealed record ForwardedTracks(Guid RoomId, string SessionId, string ParticipantId, IReadOnlyList<string> Forwarded, IReadOnlyList<string> Paused, bool AudioOnlyForced);

/// <summary>
/// What the relay measured of one receiving page this interval. Today only the bytes sent are known;
/// the per-subscriber estimator (transport-wide congestion control) fills the estimate, loss and
/// round-trip time, and the host grades what it gets.
/// </summary>
public sealed record ReceiverStatistics(Guid RoomId, string SessionId, string ParticipantId, long BytesSent, long BytesReceived,
    int? EstimateKbps = null, double? LossPercent = null, int? RttMs = null);
