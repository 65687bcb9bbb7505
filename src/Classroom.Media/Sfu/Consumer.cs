using Classroom.Media.Rtp;

namespace Classroom.Media.Sfu;

/// <summary>
/// One outgoing copy of a producer's track to one subscriber: the subscriber's own SSRC, payload
/// type and sequence numbering, so the subscriber sees one continuous stream whatever the relay drops.
/// </summary>
public sealed partial class Consumer(Producer producer, IRtpSink subscriber, uint outputSsrc)
{
    public Producer Producer { get; } = producer;
    public IRtpSink Subscriber { get; } = subscriber;
    public uint OutputSsrc { get; } = outputSsrc;
    public byte OutputPayloadType { get; } = producer.Codec.CanonicalPayloadType;

    /// <summary>What this stream is worth on a congested link (the host may feature a camera, e.g. the teacher's).</summary>
    public Congestion.SendPriority Priority { get; set; } = producer.Kind switch
    {
        MediaKind.Audio => Congestion.SendPriority.Audio,
        MediaKind.Screen => Congestion.SendPriority.Screen,
        _ => Congestion.SendPriority.Video,
    };
    internal SequenceRewriter Sequence { get; } = new(rememberSent: producer.Cache is not null);

    /// <summary>The receiver's last REMB for this stream in bit/s (0: none yet).</summary>
    public ulong ReportedBitrate { get; internal set; }
    internal long RetransmittedCount;
    public long Retransmitted => Interlocked.Read(ref RetransmittedCount);
}
