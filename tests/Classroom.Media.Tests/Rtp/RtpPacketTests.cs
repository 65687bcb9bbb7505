using Classroom.Media.Rtp;

namespace Classroom.Media.Tests.Rtp;

public sealed class RtpPacketTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    // V=2 X=1 CC=1, M=1 PT=96, seq 0xFFFE, ts 0x01020304, ssrc 0xCAFEBABE, csrc 0x11111111,
    // one-byte extensions: id 4 (mid) "0", id 10 (rid) "h", padding byte; payload 4 bytes.
    private static readonly byte[] WithExtensions = Hex(
        "91 e0 fffe 01020304 cafebabe 11111111" +
        "bede 0002  40 30  a0 68  00 00 00 00" +
        "deadbeef");

    [Fact]
    public void A_packet_with_csrc_and_one_byte_extensions_parses_and_yields_mid_and_rid()
    {
        Assert.True(RtpPacket.TryParse(WithExtensions, out var rtp));
        Assert.Equal((96, true, (ushort)0xFFFE, 0x01020304u, 0xCAFEBABEu), (rtp.PayloadType, rtp.Marker, rtp.SequenceNumber, rtp.Timestamp, rtp.Ssrc));
        Assert.Equal(28, rtp.PayloadOffset);
        Assert.Equal(4, rtp.PayloadLength);
        Assert.True(rtp.TryGetExtension(WithExtensions, 4, out var mid));
        Assert.Equal("0"u8.ToArray(), mid.ToArray());
        Assert.True(rtp.TryGetExtension(WithExtensions, 10, out var rid));
        Assert.Equal("h"u8.ToArray(), rid.ToArray());
        Assert.False(rtp.TryGetExtension(WithExtensions, 3, out _));
    }

    [Fact]
    public void Two_byte_extensions_and_padding_are_understood()
    {
        // X=1 P=1; profile 0x1000, 1 word: id 4 len 1 "1", then one padding byte; payload 2 bytes + 2 padding (last byte = 2).
        var packet = Hex("b0 6f 0001 00000000 00000001 1000 0001 04 01 31 00 aabb 0002");
        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.Equal(2, rtp.PayloadLength);
        Assert.Equal(2, rtp.PaddingLength);
        Assert.True(rtp.TryGetExtension(packet, 4, out var mid));
        Assert.Equal("1"u8.ToArray(), mid.ToArray());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("80 60 0001 00000000", "shorter than the fixed header")]
    [InlineData("40 60 0001 00000000 00000001", "version 1")]
    [InlineData("82 60 0001 00000000 00000001 11111111", "two CSRCs announced, one present")]
    [InlineData("90 60 0001 00000000 00000001 bede", "extension header cut")]
    [InlineData("90 60 0001 00000000 00000001 bede 0002 00000000", "extension longer than the packet")]
    [InlineData("a0 60 0001 00000000 00000001 aa 00", "padding count zero")]
    [InlineData("a0 60 0001 00000000 00000001 aa 09", "padding longer than the payload")]
    public void Malformed_packets_are_refused(string hex, string because)
    {
        Assert.False(RtpPacket.TryParse(Hex(hex), out _), because);
    }

    [Fact]
    public void Rewriting_in_place_changes_only_the_named_fields()
    {
        var packet = (byte[])WithExtensions.Clone();
        RtpPacket.SetSsrc(packet, 0x01020304);
        RtpPacket.SetSequenceNumber(packet, 7);
        RtpPacket.SetTimestamp(packet, 90000);
        RtpPacket.SetPayloadType(packet, 100);
        Assert.True(RtpPacket.TryParse(packet, out var rtp));
        Assert.Equal((100, true, (ushort)7, 90000u, 0x01020304u), (rtp.PayloadType, rtp.Marker, rtp.SequenceNumber, rtp.Timestamp, rtp.Ssrc));
        Assert.True(packet.AsSpan(12).SequenceEqual(WithExtensions.AsSpan(12)));
    }

    [Fact]
    public void Half_a_million_random_and_mutated_packets_never_throw()
    {
        var random = new Random(3550);
        var buffer = new byte[1500];
        var accepted = 0;
        for (var i = 0; i < 500_000; i++)
        {
            int length;
            if (i % 2 == 0)
            {
                length = random.Next(0, WithExtensions.Length + 4);
                WithExtensions.AsSpan(0, Math.Min(length, WithExtensions.Length)).CopyTo(buffer);
                if (length > 0) buffer[random.Next(length)] = (byte)random.Next(256);
            }
            else
            {
                length = random.Next(0, 200);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 0) buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            }
            var packet = buffer.AsSpan(0, length);
            if (RtpPacket.TryParse(packet, out var rtp))
            {
                accepted++;
                Assert.InRange(rtp.PayloadOffset + rtp.PayloadLength + rtp.PaddingLength, 0, length);
                for (var id = 1; id < 16; id++) rtp.TryGetExtension(packet, id, out _);
            }
        }
        Assert.True(accepted > 0);
    }
}
