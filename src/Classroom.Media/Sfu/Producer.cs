namespace Classroom.Media.Sfu;

/// <summary>
/// One incoming track: a participant's microphone, camera or screen, in one m-section of their
/// publishing transport. Its SSRC comes from the offer's a=ssrc, or is learned from the first
/// authenticated packet carrying its mid (simulcast offers have no a=ssrc).
/// </summary>
public sealed partial class Producer
{
    public Producer(string participantId, string trackId, MediaKind kind, string mid, RtpCodec codec, IRtpSink publisher, uint ssrc = 0)
    {
        ParticipantId = participantId;
        TrackId = trackId;
        Kind = kind;
        Mid = mid;
        Codec = codec;
        Publisher = publisher;
        Ssrc = ssrc;
        Statistics = new ReceiveStatistics(codec.ClockRate);
        Cache = codec.IsVideo ? new PacketCache() : null;
    }

    public string ParticipantId { get; }
    public string TrackId { get; }
    public MediaKind Kind { get; }
    public string Mid { get; }
    public RtpCodec Codec { get; }
    public IRtpSink Publisher { get; }
    public uint Ssrc { get; internal set; }
    public bool IsVideo => Codec.IsVideo;

    /// <summary>Publisher id → relay id for header extensions, or null when they already agree.</summary>
    public byte[]? ExtensionMap { get; init; }

    internal ReceiveStatistics Statistics { get; }
    internal PacketCache? Cache { get; }

    /// <summary>Replaced whole when someone subscribes or leaves; the packet path only reads it.</summary>
    internal Consumer[] Consumers { get; set; } = [];
    public int ConsumerCount => Consumers.Length;

    internal long LastKeyframeRequest;
    internal long KeyframeRequestCount;
    public long KeyframeRequests => Interlocked.Read(ref KeyframeRequestCount);
    public bool Closed { get; internal set; }
}
