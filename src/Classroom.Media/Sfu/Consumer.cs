using Classroom.Media.Rtp;

namespace Classroom.Media.Sfu;

/// <summary>
/// One outgoing copy of a producer's track to one subscriber: the subscriber's own SSRC and a
/// sequence rewriter, so the subscriber sees one continuous stream whatever the relay drops.
/// </summary>
public sealed class Consumer(Producer producer, object subscriber, uint outputSsrc)
{
    public Producer Producer { get; } = producer;
    public object Subscriber { get; } = subscriber;
    public uint OutputSsrc { get; } = outputSsrc;
    internal SequenceRewriter Sequence { get; } = new();
}
