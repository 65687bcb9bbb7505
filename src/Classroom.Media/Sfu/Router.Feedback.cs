using System.Buffers.Binary;
using System.Diagnostics;
using Classroom.Media.Rtcp;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu.Congestion;
using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Sfu;

// RTCP between the relay and its peers (RFC 3550 §6, RFC 4585, RFC 5104): receivers' picture loss
// and intra requests go to the publisher as the relay's own PLI (a key frame for someone joining);
// receivers' NACKs are answered from the relay's packet cache; receivers' REMBs cap what the relay
// asks publishers to send; publishers' sender reports reach receivers under their SSRCs so audio
// and video stay in sync; publishers get the relay's receiver reports and REMB.

public sealed partial class Router
{
    /// <summary>The SSRC the relay's own RTCP is sent from.</summary>
    public const uint RelaySsrc = 1;

    /// <summary>At most one key frame request per producer in this interval: a class of 30 joining at once asks once.</summary>
    public static readonly TimeSpan KeyframeInterval = TimeSpan.FromMilliseconds(300);

    private readonly byte[] _retransmit = new byte[PacketCache.SlotSize];
    private long _retransmitted;

    public long Retransmitted => Interlocked.Read(ref _retransmitted);

    /// <summary>Asks the publisher for a key frame of every stream of the track (each unless asked for very recently).</summary>
    public bool RequestKeyframe(Producer producer)
    {
        var sent = false;
        for (var layer = 0; layer < producer.Layers.Count; layer++) sent |= RequestKeyframe(producer, layer);
        return sent;
    }

    /// <summary>Asks the publisher for a key frame of one stream (a simulcast layer), unless one was asked for very recently.</summary>
    public bool RequestKeyframe(Producer producer, int layer)
    {
        if (!producer.IsVideo || producer.Closed || layer < 0 || layer >= producer.Layers.Count) return false;
        var stream = producer.Layers[layer];
        if (stream.Ssrc == 0) return false;
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref stream.LastKeyframeRequest);
        if (last != 0 && _time.GetElapsedTime(last, now) < KeyframeInterval) return false;
        if (Interlocked.CompareExchange(ref stream.LastKeyframeRequest, now, last) != last) return false;
        Span<byte> pli = stackalloc byte[PictureLossIndication.Size];
        new PictureLossIndication { SenderSsrc = RelaySsrc, MediaSsrc = stream.Ssrc }.WriteTo(pli);
        Interlocked.Increment(ref producer.KeyframeRequestCount);
        return producer.Publisher.SendRtcp(pli);
    }

    /// <summary>A subscriber lost its picture: a key frame of the stream it receives now.</summary>
    private void RequestKeyframe(Consumer consumer)
    {
        if (consumer.Layers is { } layers)
        {
            // Before its first key frame the layer selector asks by itself.
            if (layers.CurrentLayer >= 0) RequestKeyframe(consumer.Producer, layers.CurrentLayer);
        }
        else
        {
            RequestKeyframe(consumer.Producer);
        }
    }

    /// <summary>A decrypted compound RTCP packet from a subscriber's transport. Receive loop only.</summary>
    public void OnSubscriberRtcp(Subscription subscription, ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpReader(compound);
        while (reader.TryRead(out var header, out var packet))
        {
            if (header.PacketType == RtcpPacketType.PayloadFeedback)
            {
                if (header.Count == PictureLossIndication.Format && PictureLossIndication.TryParse(packet, out var pli))
                {
                    if (subscription.TryFind(pli.MediaSsrc, out var consumer)) RequestKeyframe(consumer);
                }
                else if (header.Count == FullIntraRequest.Format && FullIntraRequest.TryParse(packet, out var fir))
                {
                    foreach (var entry in fir.Entries)
                    {
                        if (subscription.TryFind(entry.Ssrc, out var consumer)) RequestKeyframe(consumer);
                    }
                }
                else if (header.Count == ReceiverEstimatedMaxBitrate.Format && ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb))
                {
                    foreach (var entry in remb.Ssrcs)
                    {
                        if (subscription.TryFind(entry.Ssrc, out var consumer)) consumer.ReportedBitrate = remb.Bitrate;
                    }
                }
            }
            else if (header.PacketType == RtcpPacketType.TransportFeedback && header.Count == TransportFeedback.Format)
            {
                // Feedback counts only when the relay stamps this transport's packets with its own numbers:
                // otherwise it describes the publisher's numbering and would say nothing about this link.
                if (subscription.Link.ExtensionId > 0 && TransportFeedback.TryParse(packet, out var feedback))
                {
                    var now = SubscriberLink.NowMicros;
                    subscription.Link.OnFeedback(feedback, now);
                    subscription.ShareEstimate(now);
                }
            }
            else if (header.PacketType == RtcpPacketType.TransportFeedback && header.Count == GenericNack.Format && GenericNack.TryParse(packet, out var nack)
                && subscription.TryFind(nack.MediaSsrc, out var lossy))
            {
                Retransmit(lossy, nack);
            }
        }
    }

    private void Retransmit(Consumer consumer, GenericNack nack)
    {
        var producer = consumer.Producer;
        var layer = consumer.Layers?.CurrentLayer ?? 0;
        if (layer < 0 || producer.Layers[layer].Cache is not { } cache) return;
        var budget = 64; // one NACK cannot make the relay send a burst bigger than the link just lost
        foreach (var lost in nack.LostSequenceNumbers)
        {
            if (--budget < 0) return;
            // Exactly the packet that went out under this number, or nothing (a number never sent, or
            // a packet no longer cached): a different packet under it would corrupt the picture.
            if (!consumer.Sequence.TryFindSent(lost, out var input)) continue;
            var cached = cache.Find(input);
            if (cached.IsEmpty) continue;
            var copy = _retransmit.AsSpan(0, cached.Length);
            cached.CopyTo(copy);
            RtpPacket.SetSsrc(copy, consumer.OutputSsrc);
            RtpPacket.SetSequenceNumber(copy, lost);
            RtpPacket.SetPayloadType(copy, consumer.OutputPayloadType);
            if (consumer.Layers is not null && !RewriteRetransmission(consumer, copy, lost)) continue;
            if (consumer.Subscriber.SendRtp(copy, consumer.Priority))
            {
                Interlocked.Increment(ref _retransmitted);
                Interlocked.Increment(ref consumer.RetransmittedCount);
            }
        }
    }

    /// <summary>A decrypted compound RTCP packet from a publisher's transport. Receive loop only.</summary>
    public void OnPublisherRtcp(Publication publication, ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpReader(compound);
        Span<byte> forwarded = stackalloc byte[SenderReport.MinSize];
        while (reader.TryRead(out var header, out var packet))
        {
            if (header.PacketType != RtcpPacketType.SenderReport || !SenderReport.TryParse(packet, out var report)) continue;
            if (!publication.TryFind(report.SenderSsrc, default, out ProducerLayer layer) || layer.Producer.Closed) continue;
            var producer = layer.Producer;
            layer.Statistics.OnSenderReport(report.NtpTimestamp, Stopwatch.GetTimestamp());
            foreach (var consumer in producer.Consumers)
            {
                if (consumer.Paused) continue; // an audio-only receiver pays for no video at all
                // A simulcast consumer hears only the layer it forwards, in its own timestamp line.
                if (consumer.Layers is { } layers && layers.CurrentLayer != layer.Index) continue;
                var length = new SenderReport
                {
                    SenderSsrc = consumer.OutputSsrc,
                    NtpTimestamp = report.NtpTimestamp,
                    RtpTimestamp = report.RtpTimestamp + (consumer.Continuity?.TimestampOffset ?? 0),
                    PacketCount = report.PacketCount,
                    OctetCount = report.OctetCount,
                }.WriteTo(forwarded);
                consumer.Subscriber.SendRtcp(forwarded[..length]);
            }
        }
    }

    /// <summary>
    /// The relay's periodic report to a publisher: one receiver report block per track, and a REMB
    /// asking for no more than its slowest receiver reported (never below <paramref name="floor"/>,
    /// never above <paramref name="cap"/> per video track). Returns the bytes written.
    /// </summary>
    public static int WritePublisherReport(Publication publication, Span<byte> destination, ulong floor, ulong cap)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[Publication.MaxSsrcs];
        Span<SsrcEntry> video = stackalloc SsrcEntry[Publication.MaxSsrcs];
        int count = 0, videoCount = 0;
        ulong bitrate = 0;
        var now = Stopwatch.GetTimestamp();
        foreach (var producer in publication.Producers)
        {
            if (producer.Closed) continue;
            var streams = 0;
            foreach (var layer in producer.Layers)
            {
                if (layer.Ssrc == 0 || count == blocks.Length) continue;
                blocks[count++] = layer.Statistics.Report(layer.Ssrc, now);
                streams++;
                if (producer.IsVideo) video[videoCount++] = new SsrcEntry(layer.Ssrc);
            }
            if (!producer.IsVideo || streams == 0) continue;
            if (producer.IsSimulcast)
            {
                // The layers serve slow receivers, so their REMBs do not hold the camera back; the
                // lower layers come on top of the top one (150 + 400 kbit/s under the default cap).
                bitrate += Math.Max(floor, cap + cap / 2);
                continue;
            }
            var wanted = cap;
            foreach (var consumer in producer.Consumers)
            {
                if (consumer.ReportedBitrate > 0) wanted = Math.Min(wanted, consumer.ReportedBitrate);
            }
            bitrate += Math.Max(floor, wanted);
        }
        var written = new ReceiverReport { SenderSsrc = RelaySsrc, Reports = new RtcpItemList<ReportBlock>(blocks[..count]) }.WriteTo(destination);
        if (written == 0 || videoCount == 0) return written;
        var remb = new ReceiverEstimatedMaxBitrate { SenderSsrc = RelaySsrc, Bitrate = bitrate, Ssrcs = new RtcpItemList<SsrcEntry>(video[..videoCount]) };
        var more = remb.WriteTo(destination[written..]);
        return more == 0 ? written : written + more;
    }

    private readonly byte[] _arrivalFeedback = new byte[1200];

    /// <summary>Notes the transport-wide number of a publisher's packet and sends its feedback when due. Receive loop only.</summary>
    private void RecordArrival(Publication publication, ReadOnlySpan<byte> packet, uint ssrc)
    {
        if (!RtpPacket.TryParse(packet, out var rtp) || !rtp.TryGetExtension(packet, HeaderExtensions.TransportCc, out var value) || value.Length != 2) return;
        var now = SubscriberLink.NowMicros;
        publication.Arrivals.Record(BinaryPrimitives.ReadUInt16BigEndian(value), now);
        if (!publication.Arrivals.Due(now)) return;
        var length = publication.Arrivals.Write(_arrivalFeedback, RelaySsrc, ssrc, now);
        if (length > 0) publication.Transport.SendRtcp(_arrivalFeedback.AsSpan(0, length));
    }
}
