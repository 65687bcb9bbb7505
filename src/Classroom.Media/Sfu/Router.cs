using System.Buffers.Binary;
using System.Collections.Frozen;
using Classroom.Core.Participants;
using Classroom.Media.Rtp;

namespace Classroom.Media.Sfu;

/// <summary>Sends one plaintext RTP packet to a subscriber (the transport encrypts); false if it could not.</summary>
public delegate bool PacketSender(object subscriber, ReadOnlySpan<byte> packet);

/// <summary>
/// The relay of one lesson: producers to consumers. The per-packet path asks the lesson's
/// permission model (<see cref="IMediaPolicy"/>) first, so a muted or locked student's audio is
/// dropped here even if their browser keeps sending; then it rewrites SSRC and sequence number per
/// consumer and hands the packet to the transport. It never throws and never allocates per packet;
/// control changes (publish, subscribe, leave) replace immutable snapshots the packet path reads.
/// </summary>
public sealed class Router(Guid lessonId, IMediaPolicy policy, PacketSender send)
{
    private readonly Lock _control = new();
    private FrozenDictionary<uint, Producer> _bySsrc = FrozenDictionary<uint, Producer>.Empty;
    private long _forwarded;
    private long _droppedByPolicy;
    private long _unknownSsrc;

    public Guid LessonId { get; } = lessonId;
    public long Forwarded => Interlocked.Read(ref _forwarded);
    public long DroppedByPolicy => Interlocked.Read(ref _droppedByPolicy);
    public long UnknownSsrc => Interlocked.Read(ref _unknownSsrc);
    public IReadOnlyCollection<Producer> Producers => _bySsrc.Values;

    public Producer Publish(string participantId, MediaKind kind, uint ssrc)
    {
        lock (_control)
        {
            if (_bySsrc.TryGetValue(ssrc, out var existing)) return existing;
            var producer = new Producer(participantId, kind, ssrc);
            _bySsrc = _bySsrc.Append(new KeyValuePair<uint, Producer>(ssrc, producer)).ToFrozenDictionary();
            return producer;
        }
    }

    public Consumer Subscribe(Producer producer, object subscriber, uint outputSsrc)
    {
        lock (_control)
        {
            var consumer = new Consumer(producer, subscriber, outputSsrc);
            producer.Consumers = [.. producer.Consumers, consumer];
            return consumer;
        }
    }

    /// <summary>A participant left (or was removed): their tracks stop and their subscriptions end at once.</summary>
    public void RemoveParticipant(string participantId, object? asSubscriber = null)
    {
        lock (_control)
        {
            _bySsrc = _bySsrc.Values.Where(p => p.ParticipantId != participantId).ToFrozenDictionary(p => p.Ssrc);
            if (asSubscriber is null) return;
            foreach (var producer in _bySsrc.Values)
                producer.Consumers = producer.Consumers.Where(c => !ReferenceEquals(c.Subscriber, asSubscriber)).ToArray();
        }
    }

    /// <summary>A decrypted RTP packet from a publisher. Called on the media receive loop only.</summary>
    public void OnRtp(Span<byte> packet)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength) return;
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        if (!_bySsrc.TryGetValue(ssrc, out var producer))
        {
            Interlocked.Increment(ref _unknownSsrc);
            return;
        }
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var consumers = producer.Consumers;
        if (!policy.MayForward(LessonId, producer.ParticipantId, producer.Kind))
        {
            foreach (var consumer in consumers) consumer.Sequence.Skip(sequence);
            Interlocked.Increment(ref _droppedByPolicy);
            return;
        }
        foreach (var consumer in consumers)
        {
            RtpPacket.SetSsrc(packet, consumer.OutputSsrc);
            RtpPacket.SetSequenceNumber(packet, consumer.Sequence.Rewrite(sequence));
            if (send(consumer.Subscriber, packet)) Interlocked.Increment(ref _forwarded);
        }
        RtpPacket.SetSsrc(packet, ssrc);
        RtpPacket.SetSequenceNumber(packet, sequence);
    }
}
