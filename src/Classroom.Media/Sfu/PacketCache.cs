using System.Buffers.Binary;

namespace Classroom.Media.Sfu;

// RFC 4585 §6.2.1 (Generic NACK): a receiver on a lossy village link asks for what it missed. The
// relay answers from its own copy of the publisher's recent packets, so the retransmission crosses
// only the receiver's link, not the publisher's uplink again.

/// <summary>The last <see cref="Slots"/> packets of one video producer by sequence number. Receive-loop only.</summary>
public sealed class PacketCache
{
    public const int Slots = 512;
    public const int SlotSize = 1500;

    private readonly byte[] _data = new byte[Slots * SlotSize];
    private readonly int[] _lengths = new int[Slots];
    private readonly int[] _sequence = new int[Slots];

    public PacketCache() => Array.Fill(_sequence, -1);

    public void Store(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > SlotSize || packet.Length < 12) return;
        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var slot = sequence % Slots;
        packet.CopyTo(_data.AsSpan(slot * SlotSize));
        _lengths[slot] = packet.Length;
        _sequence[slot] = sequence;
    }

    /// <summary>The cached packet with this source sequence number, or an empty span.</summary>
    public ReadOnlySpan<byte> Find(ushort sequence)
    {
        var slot = sequence % Slots;
        return _sequence[slot] == sequence ? _data.AsSpan(slot * SlotSize, _lengths[slot]) : default;
    }
}
