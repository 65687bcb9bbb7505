using Classroom.Media.Rtcp;
using static Classroom.Media.Tests.Rtcp.RtcpBytes;

namespace Classroom.Media.Tests.Rtcp;

public sealed class RtcpHeaderTests
{
    [Fact]
    public void Valid_header_decodes_every_field()
    {
        // V=2 P=1 RC=5, PT=201 (RR), length 0x0102 words-1 => 1036 bytes.
        Assert.True(RtcpHeader.TryParse(Hex("a5 c9 0102"), out var header));
        Assert.Equal((true, (byte)5, RtcpPacketType.ReceiverReport, (ushort)0x0102), (header.Padding, header.Count, header.PacketType, header.Length));
        Assert.Equal(1036, header.PacketLength);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("80 c8 00", "short: three bytes")]
    [InlineData("40 c8 0006", "version 1")]
    [InlineData("c0 c8 0006", "version 3")]
    public void Malformed_headers_are_refused(string hex, string because)
    {
        Assert.False(RtcpHeader.TryParse(Hex(hex), out _), because);
    }

    [Fact]
    public void Round_trip_and_refusals_on_write()
    {
        var header = new RtcpHeader { Padding = true, Count = 31, PacketType = 206, Length = 65535 };
        var buffer = new byte[4];
        Assert.Equal(4, header.WriteTo(buffer));
        Assert.Equal("bfceffff", ToHex(buffer));
        Assert.True(RtcpHeader.TryParse(buffer, out var back));
        Assert.Equal(header, back);
        Assert.Equal(0, header.WriteTo(new byte[3]));
        Assert.Equal(0, (header with { Count = 32 }).WriteTo(buffer));
    }
}
