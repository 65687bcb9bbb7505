using System.Buffers.Binary;
using System.Diagnostics;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Sfu;

/// <summary>
/// The relay of one room (a lesson): producers to consumers. The per-packet path reads the room's
/// grant snapshot (<see cref="Grants"/>) first, so a muted or locked student's audio is dropped here
/// even if their browser keeps sending; then it rewrites SSRC, sequence number and payload type per
/// consumer and hands the packet to the subscriber's transport. It never throws and never allocates
/// per packet; control changes (publish, subscribe, leave, moderation) replace immutable snapshots
/// the packet path reads.
/// </summary>
public sealed partial class Router(Guid roomId, TimeProvider? time = null)
{
    private readonly Lock _control = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private Producer[] _producers = [];
    private MediaGrants _grants = MediaGrants.None;
    private long _forwarded;
    private long _droppedByPolicy;
    private long _unknownSsrc;
    private long _droppedLate;

    public Guid RoomId { get; } = roomId;
    public long Forwarded => Interlocked.Read(ref _forwarded);
    public long DroppedByPolicy => Interlocked.Read(ref _droppedByPolicy);
    public long UnknownSsrc => Interlocked.Read(ref _unknownSsrc);

    /// <summary>Copies not sent because their packet came late from before a shift of the consumer's numbering.</summary>
    public long DroppedLate => Interlocked.Read(ref _droppedLate);
    public IReadOnlyList<Producer> Producers => _producers;

    /// <summary>Who may send what, replaced whole by the host when moderation changes it; the packet path reads it without locks.</summary>
    public MediaGrants Grants
    {
        get => Volatile.Read(ref _grants);
        set => Volatile.Write(ref _grants, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public void Add(Producer producer)
    {
        lock (_control)
        {
            if (!_producers.Contains(producer)) _producers = [.. _producers, producer];
        }
    }

    /// <summary>A track ended (unpublished, or its publisher left): nothing of it is forwarded from now on.</summary>
    public void Remove(Producer producer)
    {
        lock (_control)
        {
            producer.Closed = true;
            producer.Consumers = [];
            _producers = _producers.Where(p => p != producer).ToArray();
        }
    }

    public Consumer Subscribe(Producer producer, IRtpSink subscriber, uint outputSsrc)
    {
        lock (_control)
        {
            var consumer = new Consumer(producer, subscriber, outputSsrc, _time);
            if (!producer.Closed) producer.Consumers = [.. producer.Consumers, consumer];
            return consumer;
        }
    }

    public void Unsubscribe(Consumer consumer)
    {
        lock (_control)
        {
            consumer.Producer.Consumers = consumer.Producer.Consumers.Where(c => c != consumer).ToArray();
        }
    }

    /// <summary>A receiving transport closed: every consumer feeding it stops at once.</summary>
    public void RemoveSubscriber(IRtpSink subscriber)
    {
        lock (_control)
        {
            foreach (var producer in _producers)
                producer.Consumers = producer.Consumers.Where(c => !ReferenceEquals(c.Subscriber, subscriber)).ToArray();
        }
    }

    /// <summary>A decrypted RTP packet from a publisher's transport. Called on the media receive loop only.</summary>
    public void OnRtp(Publication publication, Span<byte> packet)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength) return;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        if (!publication.TryFind(ssrc, packet, out ProducerLayer layer) || layer.Producer.Closed)
        {
            Interlocked.Increment(ref _unknownSsrc);
            return;
        }
        var producer = layer.Producer;
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        layer.Statistics.OnPacket(sequence, BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), Stopwatch.GetTimestamp());
        var now = _time.GetTimestamp();
        layer.Bitrate.Add(packet.Length, now);
        Volatile.Write(ref layer.LastArrival, now);
        if (producer.ExtensionMap is { } map) HeaderExtensions.Renumber(packet, map);
        RecordArrival(publication, packet, ssrc);
        if (producer.IsSimulcast)
        {
            OnLayerRtp(layer, packet, sequence, now);
            return;
        }
        var consumers = producer.Consumers;
        if (!Volatile.Read(ref _grants).Allows(producer.ParticipantId, producer.Kind))
        {
            foreach (var consumer in consumers) consumer.Sequence.Skip(sequence);
            Interlocked.Increment(ref _droppedByPolicy);
            return;
        }
        producer.Cache?.Store(packet);
        if (producer.Kind == MediaKind.Audio) producer.Speech.OnPacket(packet);
        var payloadType = packet[1];
        foreach (var consumer in consumers)
        {
            // Last-N and "audio only": one branch for a consumer that forwards (see Consumer.Forwarding).
            if (consumer.State != ForwardingState.Forwarding && !consumer.TryPassGate()) continue;
            if (!consumer.Sequence.TryRewrite(sequence, out var output))
            {
                Interlocked.Increment(ref _droppedLate);
                continue;
            }
            RtpPacket.SetSsrc(packet, consumer.OutputSsrc);
            RtpPacket.SetSequenceNumber(packet, output);
            RtpPacket.SetPayloadType(packet, consumer.OutputPayloadType);
            if (consumer.Subscriber.SendRtp(packet, consumer.Priority)) Interlocked.Increment(ref _forwarded);
        }
        RtpPacket.SetSsrc(packet, ssrc);
        RtpPacket.SetSequenceNumber(packet, sequence);
        packet[1] = payloadType;
    }
}
