using Classroom.Media.Rtcp;
using static Classroom.Media.Tests.Rtcp.RtcpBytes;

namespace Classroom.Media.Tests.Rtcp;

public sealed class RtcpReaderTests
{
    // SR, RC=0, len 6: ssrc 902f9e2e, NTP da8bd1fc.dddddddd, rtp 00000002, packets 3, octets 4.
    private const string Sr = "80c80006 902f9e2e da8bd1fc dddddddd 00000002 00000003 00000004";
    // SDES, SC=1, len 6: chunk ssrc 902f9e2e, CNAME (1) length 16 "abcdefghijklmnop", end + pad. Unknown to us.
    private const string Sdes = "81ca0006 902f9e2e 0110 6162636465666768696a6b6c6d6e6f70 0000";
    // PLI, FMT=1 PT=206, len 2: sender 902f9e2e, media 11223344.
    private const string Pli = "81ce0002 902f9e2e 11223344";

    [Fact]
    public void Compound_sr_sdes_pli_is_walked_packet_by_packet()
    {
        var compound = Hex(Sr + Sdes + Pli);
        var reader = new RtcpReader(compound);

        Assert.True(reader.TryRead(out var header, out var packet));
        Assert.Equal((RtcpPacketType.SenderReport, 28), (header.PacketType, packet.Length));
        Assert.True(SenderReport.TryParse(packet, out var sr));
        Assert.Equal((0x902f9e2eu, 0xda8bd1fcddddddddUL, 0), (sr.SenderSsrc, sr.NtpTimestamp, sr.Reports.Count));

        Assert.True(reader.TryRead(out header, out packet));
        Assert.Equal((RtcpPacketType.SourceDescription, (byte)1, 28), (header.PacketType, header.Count, packet.Length));
        Assert.False(PictureLossIndication.TryParse(packet, out _));

        Assert.True(reader.TryRead(out header, out packet));
        Assert.Equal((RtcpPacketType.PayloadFeedback, PictureLossIndication.Format), (header.PacketType, header.Count));
        Assert.True(PictureLossIndication.TryParse(packet, out var pli));
        Assert.Equal(0x11223344u, pli.MediaSsrc);

        Assert.False(reader.TryRead(out _, out _));
        Assert.Equal(RtcpReadError.None, reader.Error);
        Assert.Equal(compound.Length, reader.Offset);
    }

    [Theory]
    [InlineData("", 0, RtcpReadError.Empty)]
    [InlineData("80c8", 0, RtcpReadError.Truncated)] // short: half a header
    [InlineData("40ce0002 902f9e2e 11223344", 0, RtcpReadError.BadVersion)] // wrong version
    [InlineData("81ce0003 902f9e2e 11223344", 0, RtcpReadError.Truncated)] // bad length: one word past the end
    [InlineData(Pli + "00", 1, RtcpReadError.Truncated)] // one stray byte after a valid packet
    [InlineData(Pli + "40ce0002 902f9e2e 11223344", 1, RtcpReadError.BadVersion)] // second header not version 2
    [InlineData("a1ce0002 902f9e2e 11223300", 0, RtcpReadError.BadPadding)] // padding count zero
    [InlineData("a1ce0002 902f9e2e 1122330c", 0, RtcpReadError.BadPadding)] // padding eats the header
    [InlineData("a1ce0002 902f9e2e 11223304" + Pli, 0, RtcpReadError.BadPadding)] // padding on a packet that is not last
    public void Inconsistent_compounds_stop_with_the_named_error(string hex, int goodPackets, RtcpReadError error)
    {
        var reader = new RtcpReader(Hex(hex));
        var read = 0;
        while (reader.TryRead(out _, out _)) read++;
        Assert.Equal(goodPackets, read);
        Assert.Equal(error, reader.Error);
        Assert.False(reader.TryRead(out _, out _));
    }

    [Fact]
    public void Padding_on_the_last_packet_is_accepted_and_stripped_by_the_parser()
    {
        // RR RC=0 P=1, len 2: sender 902f9e2e, then 4 bytes of padding (count 4).
        var compound = Hex(Pli + "a0c90002 902f9e2e 00000004");
        var reader = new RtcpReader(compound);
        Assert.True(reader.TryRead(out _, out _));
        Assert.True(reader.TryRead(out var header, out var packet));
        Assert.True(header.Padding);
        Assert.True(ReceiverReport.TryParse(packet, out var rr));
        Assert.Equal((0x902f9e2eu, 0, 0), (rr.SenderSsrc, rr.Reports.Count, rr.ProfileExtensions.Length));
        Assert.Equal(RtcpReadError.None, reader.Error);
    }
}
