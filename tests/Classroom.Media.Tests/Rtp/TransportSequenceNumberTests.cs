using System.Buffers.Binary;
using Classroom.Media.Rtp;

namespace Classroom.Media.Tests.Rtp;

public sealed class TransportSequenceNumberTests
{
    private static readonly byte[] Payload = [0xAA, 0xBB, 0xCC, 0xDD, 0xEE];

    /// <summary>An RTP packet with optional CSRCs, one-byte elements (id, data) and trailing padding.</summary>
    private static byte[] Packet(int csrcs = 0, (byte Id, byte[] Data)[]? elements = null, int padding = 0, ushort profile = 0xBEDE)
    {
        var bytes = new List<byte> { (byte)(0x80 | csrcs | (padding > 0 ? 0x20 : 0) | (elements is null ? 0 : 0x10)), 96, 0x12, 0x34, 0, 0, 0, 9, 1, 2, 3, 4 };
        for (var i = 0; i < csrcs; i++) bytes.AddRange([0, 0, 0, (byte)(50 + i)]);
        if (elements is not null)
        {
            var block = new List<byte>();
            foreach (var (id, data) in elements)
            {
                block.Add(profile == 0xBEDE ? (byte)(id << 4 | (data.Length - 1)) : id);
                if (profile != 0xBEDE) block.Add((byte)data.Length);
                block.AddRange(data);
            }
            while (block.Count % 4 != 0) block.Add(0);
            bytes.AddRange([(byte)(profile >> 8), (byte)profile, 0, (byte)(block.Count / 4)]);
            bytes.AddRange(block);
        }
        bytes.AddRange(Payload);
        for (var i = 1; i <= padding; i++) bytes.Add(i == padding ? (byte)padding : (byte)0);
        return bytes.ToArray();
    }

    private static (byte[] Copy, bool Stamped) Stamp(byte[] packet, ushort sequence)
    {
        var destination = new byte[packet.Length + TransportSequenceNumber.MaxGrowth];
        var length = TransportSequenceNumber.CopyStamped(packet, destination, 3, sequence, out var stamped);
        Assert.True(length > 0);
        return (destination[..length], stamped);
    }

    private static void AssertCarries(byte[] copy, ushort sequence, int padding = 0)
    {
        Assert.True(RtpPacket.TryParse(copy, out var rtp));
        Assert.True(rtp.TryGetExtension(copy, 3, out var value));
        Assert.Equal(sequence, BinaryPrimitives.ReadUInt16BigEndian(value));
        Assert.Equal(Payload, copy.AsSpan(rtp.PayloadOffset, rtp.PayloadLength).ToArray());
        Assert.Equal(padding, rtp.PaddingLength);
        Assert.Equal(0x1234, rtp.SequenceNumber);
        Assert.Equal(0x01020304u, rtp.Ssrc);
    }

    [Fact]
    public void A_packet_without_extensions_gets_a_block_with_the_element()
    {
        var (copy, stamped) = Stamp(Packet(), 0xBEEF);
        Assert.True(stamped);
        Assert.Equal(Packet().Length + 8, copy.Length);
        AssertCarries(copy, 0xBEEF);
    }

    [Fact]
    public void The_element_is_added_after_the_packets_own_elements_which_stay_intact()
    {
        var packet = Packet(csrcs: 2, elements: [(1, [0x7F]), (2, [1, 2, 3])], padding: 3);
        var (copy, stamped) = Stamp(packet, 7);
        Assert.True(stamped);
        AssertCarries(copy, 7, padding: 3);
        Assert.True(RtpPacket.TryParse(copy, out var rtp));
        Assert.True(rtp.TryGetExtension(copy, 1, out var level));
        Assert.Equal([0x7F], level.ToArray());
        Assert.True(rtp.TryGetExtension(copy, 2, out var abs));
        Assert.Equal([1, 2, 3], abs.ToArray());
        Assert.Equal([0, 0, 0, 50, 0, 0, 0, 51], copy[12..20]);
    }

    [Fact]
    public void An_existing_element_is_overwritten_in_place()
    {
        var packet = Packet(elements: [(1, [0x10]), (3, [0, 1])]);
        var (copy, stamped) = Stamp(packet, 0x0102);
        Assert.True(stamped);
        Assert.Equal(packet.Length, copy.Length);
        AssertCarries(copy, 0x0102);
    }

    [Fact]
    public void Packets_it_cannot_stamp_are_copied_unchanged()
    {
        var twoByte = Packet(elements: [(1, [5])], profile: 0x1000);
        var (copy, stamped) = Stamp(twoByte, 1);
        Assert.False(stamped);
        Assert.Equal(twoByte, copy);

        var wrongSize = Packet(elements: [(3, [1, 2, 3])]);
        (copy, stamped) = Stamp(wrongSize, 1);
        Assert.False(stamped);
        Assert.Equal(wrongSize, copy);

        Assert.Equal(0, TransportSequenceNumber.CopyStamped(Packet(), new byte[Packet().Length], 3, 1, out _));
    }
}
