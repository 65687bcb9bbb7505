namespace Classroom.Media.Sfu.Simulcast;

// RFC 8853 §5.1 (simulcast streams of one m-section), RFC 8851 (a=rid) and RFC 8852 §3.1 (the
// sdes:rtp-stream-id header extension, whose value names the rid a packet belongs to): a simulcast
// camera sends one RTP stream per layer, each with its own SSRC, which the relay learns from the
// first authenticated packet carrying the section's mid and the layer's rid.

/// <summary>
/// One RTP stream of a producer: its only stream, or one simulcast layer (0 is the lowest). Its
/// counters are written on the receive loop; the bitrate and arrival time may be read from any thread.
/// </summary>
public sealed class ProducerLayer
{
    internal ProducerLayer(Producer producer, int index, string? rid, uint ssrc, TimeProvider time)
    {
        Producer = producer;
        Index = index;
        Rid = rid;
        Ssrc = ssrc;
        Statistics = new ReceiveStatistics(producer.Codec.ClockRate);
        Bitrate = new BitrateMeter(time);
    }

    public Producer Producer { get; }

    /// <summary>0 is the lowest layer; layers are ordered as the offer's a=simulcast lists them (the page sends lowest first).</summary>
    public int Index { get; }

    /// <summary>The layer's rid (RFC 8851), or null for a producer without simulcast.</summary>
    public string? Rid { get; }

    /// <summary>0 until learned (simulcast offers carry no a=ssrc).</summary>
    public uint Ssrc { get; internal set; }

    internal ReceiveStatistics Statistics { get; }
    internal BitrateMeter Bitrate { get; }

    /// <summary>Recent packets for NACKs: made when the stream's SSRC is known (video only).</summary>
    internal PacketCache? Cache { get; set; }

    /// <summary>When the last packet arrived (the router's TimeProvider timestamp; 0: never).</summary>
    internal long LastArrival;

    internal long LastKeyframeRequest;

    public long Received => Statistics.Received;

    /// <summary>Measured bits per second over the last second.</summary>
    public long BitsPerSecond => Bitrate.BitsPerSecond;
}
