using Classroom.Media.Rtp;
using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Sfu;

// Simulcast forwarding (RFC 8853): a camera arrives in up to three layers; each consumer forwards
// one of them (its LayerSelector), switching only at a key frame of the new layer (VP8: RFC 7741
// §4.3; H.264: RFC 6184) and asking the publisher for one when it wants to switch. The subscriber
// sees one stream: its own SSRC, gapless sequence numbers (SequenceRewriter.Sync at a switch), and
// timestamps and VP8 picture ids that continue across switches (StreamContinuity).

public sealed partial class Router
{
    private readonly long _layerInactivityTicks = (long)(LayerSelector.Inactivity.TotalSeconds * (time ?? TimeProvider.System).TimestampFrequency);
    private long _layerSwitches;
    private long _malformedVideo;

    /// <summary>Simulcast layer switches made for all consumers.</summary>
    public long LayerSwitches => Interlocked.Read(ref _layerSwitches);

    /// <summary>Packets of simulcast layers whose payload could not be read (not forwarded).</summary>
    public long MalformedVideo => Interlocked.Read(ref _malformedVideo);

    private void OnLayerRtp(ProducerLayer layer, Span<byte> packet, ushort sequence, long now)
    {
        var producer = layer.Producer;
        var consumers = producer.Consumers;
        if (!Volatile.Read(ref _grants).Allows(producer.ParticipantId, producer.Kind))
        {
            foreach (var consumer in consumers)
            {
                if (consumer.Layers!.CurrentLayer == layer.Index) consumer.Sequence.Skip(sequence);
            }
            Interlocked.Increment(ref _droppedByPolicy);
            return;
        }
        layer.Cache?.Store(packet);
        if (!RtpPacket.TryParse(packet, out var rtp) || rtp.PayloadLength <= 0)
        {
            Interlocked.Increment(ref _malformedVideo);
            return;
        }
        var payload = packet.Slice(rtp.PayloadOffset, rtp.PayloadLength);
        var vp8 = default(Vp8Descriptor);
        var hasVp8 = false;
        bool keyFrame;
        if (producer.IsVp8)
        {
            hasVp8 = Vp8Descriptor.TryParse(payload, out vp8);
            if (!hasVp8)
            {
                Interlocked.Increment(ref _malformedVideo);
                return;
            }
            keyFrame = vp8.IsKeyFrame;
        }
        else
        {
            keyFrame = H264KeyFrame.IsKeyFrame(payload);
        }

        var arriving = producer.ArrivingLayers(now, _layerInactivityTicks);
        var payloadType = packet[1];
        var descriptorBytes = hasVp8 ? Math.Min(vp8.Length, 6) : 0;
        Span<byte> descriptor = stackalloc byte[6];
        payload[..descriptorBytes].CopyTo(descriptor);
        foreach (var consumer in consumers)
        {
            // Last-N and "audio only" (Consumer.Forwarding); a resumed camera starts again at a key frame.
            if (consumer.State != ForwardingState.Forwarding)
            {
                if (!consumer.TryPassGate()) continue;
                consumer.Layers!.Restart();
            }
            var decision = consumer.Layers!.Decide(layer.Index, keyFrame, arriving);
            if (decision == LayerDecision.Drop) continue;
            if (decision == LayerDecision.WaitForKeyframe)
            {
                RequestKeyframe(producer, layer.Index);
                continue;
            }
            if (decision == LayerDecision.Switch)
            {
                Interlocked.Increment(ref _layerSwitches);
                consumer.Sequence.Sync();
                consumer.Continuity!.OnSwitch(rtp.Timestamp, now, hasVp8, vp8);
            }
            if (!consumer.Sequence.TryRewrite(sequence, out var output))
            {
                Interlocked.Increment(ref _droppedLate);
                continue;
            }
            if (decision == LayerDecision.Switch) consumer.SwitchedAt = output;
            RtpPacket.SetSsrc(packet, consumer.OutputSsrc);
            RtpPacket.SetSequenceNumber(packet, output);
            RtpPacket.SetPayloadType(packet, consumer.OutputPayloadType);
            consumer.Continuity!.Rewrite(packet, rtp.Timestamp, rtp.PayloadOffset, hasVp8, vp8, now);
            if (consumer.Subscriber.SendRtp(packet, consumer.Priority))
            {
                Interlocked.Increment(ref _forwarded);
                if (rtp.Marker && consumer.Link is { } link) SendProbes(consumer, link, packet);
            }
        }
        // The caller's buffer is left as it came (the cache holds the original already).
        RtpPacket.SetSsrc(packet, rtp.Ssrc);
        RtpPacket.SetSequenceNumber(packet, sequence);
        RtpPacket.SetTimestamp(packet, rtp.Timestamp);
        packet[1] = payloadType;
        descriptor[..descriptorBytes].CopyTo(payload);
    }

    /// <summary>
    /// Rewrites a cached packet of a simulcast layer for a retransmission to <paramref name="consumer"/>;
    /// false when it cannot be sent as the packet that went out (another layer's, or unreadable).
    /// </summary>
    private bool RewriteRetransmission(Consumer consumer, Span<byte> copy, ushort lost)
    {
        if (!SequenceRewriter.IsNewer(lost, consumer.SwitchedAt) && lost != consumer.SwitchedAt) return false;
        if (!RtpPacket.TryParse(copy, out var rtp) || rtp.PayloadLength <= 0) return false;
        var vp8 = default(Vp8Descriptor);
        var hasVp8 = consumer.Producer.IsVp8;
        if (hasVp8 && !Vp8Descriptor.TryParse(copy.Slice(rtp.PayloadOffset, rtp.PayloadLength), out vp8)) return false;
        consumer.Continuity!.Rewrite(copy, rtp.Timestamp, rtp.PayloadOffset, hasVp8, vp8, _time.GetTimestamp());
        return true;
    }
}
