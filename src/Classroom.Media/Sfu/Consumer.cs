using Classroom.Media.Rtp;
using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Sfu;

/// <summary>
/// One outgoing copy of a producer's track to one subscriber: the subscriber's own SSRC, payload
/// type and sequence numbering, so the subscriber sees one continuous stream whatever the relay drops.
/// Of a simulcast producer it forwards one layer at a time (<see cref="CurrentLayer"/>).
/// </summary>
public sealed partial class Consumer
{
    public Consumer(Producer producer, IRtpSink subscriber, uint outputSsrc, TimeProvider? time = null)
    {
        Producer = producer;
        Subscriber = subscriber;
        OutputSsrc = outputSsrc;
        OutputPayloadType = producer.Codec.CanonicalPayloadType;
        Sequence = new SequenceRewriter(rememberSent: producer.IsVideo);
        Priority = producer.Kind switch
        {
            MediaKind.Audio => Congestion.SendPriority.Audio,
            MediaKind.Screen => Congestion.SendPriority.Screen,
            _ => Congestion.SendPriority.Video,
        };
        if (!producer.IsSimulcast) return;
        Layers = new LayerSelector(producer.Layers.Count);
        Continuity = new StreamContinuity(producer.Codec.ClockRate, (time ?? TimeProvider.System).TimestampFrequency);
    }

    public Producer Producer { get; }
    public IRtpSink Subscriber { get; }
    public uint OutputSsrc { get; }
    public byte OutputPayloadType { get; }

    /// <summary>The subscriber's congestion control, for probing after this stream's frames (null: none).</summary>
    internal Congestion.SubscriberLink? Link { get; set; }

    /// <summary>What this stream is worth on a congested link (the host may feature a camera, e.g. the teacher's).</summary>
    public Congestion.SendPriority Priority { get; set; }
    internal SequenceRewriter Sequence { get; }

    /// <summary>The layer choice of a simulcast producer's consumer; null for one-stream producers.</summary>
    internal LayerSelector? Layers { get; }
    internal StreamContinuity? Continuity { get; }

    /// <summary>The first output sequence number after the last layer switch: NACKs for older numbers name another layer's packets.</summary>
    internal ushort SwitchedAt { get; set; }

    /// <summary>
    /// The highest simulcast layer the bandwidth allocator lets this subscriber have (0 is the
    /// lowest; default: the highest). Ignored for one-stream producers.
    /// </summary>
    public int TargetLayer
    {
        get => Layers?.TargetLayer ?? 0;
        set
        {
            if (Layers is { } layers) layers.TargetLayer = value;
        }
    }

    /// <summary>The highest simulcast layer the subscriber wants (receiver choice "low", a thumbnail: 0). Ignored for one-stream producers.</summary>
    public int PreferredLayer
    {
        get => Layers?.PreferredLayer ?? 0;
        set
        {
            if (Layers is { } layers) layers.PreferredLayer = value;
        }
    }

    /// <summary>The simulcast layer forwarded now (-1 before the first key frame); 0 for one-stream producers.</summary>
    public int CurrentLayer => Layers?.CurrentLayer ?? 0;

    /// <summary>The receiver's last REMB for this stream in bit/s (0: none yet).</summary>
    public ulong ReportedBitrate { get; internal set; }
    internal long RetransmittedCount;
    public long Retransmitted => Interlocked.Read(ref RetransmittedCount);
}
