using Classroom.Media.Rtcp;
using static Classroom.Media.Tests.Rtcp.RtcpBytes;

namespace Classroom.Media.Tests.Rtcp;

public sealed class ReportTests
{
    // Report block: ssrc bc5e9a40, fraction 5, cumulative lost fffffe (-2), ext. highest seq 7,
    // jitter 8, LSR 9, DLSR 10.
    private const string Block = "bc5e9a40 05fffffe 00000007 00000008 00000009 0000000a";
    // SR RC=1 len 12: ssrc 902f9e2e, NTP da8bd1fc.dddddddd, rtp 2, packets 3, octets 4, then Block.
    private const string Sr = "81c8000c 902f9e2e da8bd1fc dddddddd 00000002 00000003 00000004" + Block;
    // RR RC=1 len 7: sender 902f9e2e, then Block.
    private const string Rr = "81c90007 902f9e2e" + Block;

    [Fact]
    public void Valid_sender_report_decodes_info_and_block()
    {
        Assert.True(SenderReport.TryParse(Hex(Sr), out var sr));
        Assert.Equal((0x902f9e2eu, 0xda8bd1fcddddddddUL, 2u, 3u, 4u), (sr.SenderSsrc, sr.NtpTimestamp, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount));
        Assert.Equal(1, sr.Reports.Count);
        Assert.Equal(
            new ReportBlock { Ssrc = 0xbc5e9a40, FractionLost = 5, CumulativeLost = -2, ExtendedHighestSequence = 7, Jitter = 8, LastSenderReport = 9, DelaySinceLastSenderReport = 10 },
            sr.Reports[0]);
        Assert.True(sr.ProfileExtensions.IsEmpty);
    }

    [Fact]
    public void Valid_receiver_report_decodes_block_and_keeps_profile_extensions()
    {
        // Same RR with one extension word (len 8).
        Assert.True(ReceiverReport.TryParse(Hex("81c90008 902f9e2e" + Block + "cafebabe"), out var rr));
        Assert.Equal(0x902f9e2eu, rr.SenderSsrc);
        Assert.Equal(-2, rr.Reports[0].CumulativeLost);
        Assert.Equal("cafebabe", ToHex(rr.ProfileExtensions));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("81c8000c 902f9e2e", "short: header says 52 bytes, 8 present")]
    [InlineData("81c8000b 902f9e2e da8bd1fc dddddddd 00000002 00000003 00000004 bc5e9a40 05fffffe 00000007 00000008 00000009", "bad length: RC=1 but the block is cut")]
    [InlineData("81c8000d 902f9e2e da8bd1fc dddddddd 00000002 00000003 00000004" + Block, "bad length: one word past the buffer")]
    [InlineData(Sr + "00000000", "overlong: bytes after the packet")]
    [InlineData("81c9000c 902f9e2e da8bd1fc dddddddd 00000002 00000003 00000004" + Block, "wrong type: RR")]
    [InlineData("80c80005 902f9e2e da8bd1fc dddddddd 00000002 00000003", "no room for the sender info")]
    [InlineData("41c8000c 902f9e2e da8bd1fc dddddddd 00000002 00000003 00000004" + Block, "version 1")]
    public void Malformed_sender_reports_are_refused(string hex, string because)
    {
        Assert.False(SenderReport.TryParse(Hex(hex), out _), because);
    }

    [Theory]
    [InlineData("81c9", "short")]
    [InlineData("82c9000e 902f9e2e" + Block + Block, "bad length: one word past the buffer")]
    [InlineData("82c90007 902f9e2e" + Block, "RC=2 but one block")]
    [InlineData("81c80007 902f9e2e" + Block, "wrong type: SR")]
    [InlineData("a1c90007 902f9e2e bc5e9a40 05fffffe 00000007 00000008 00000009 00000020", "padding eats the block")]
    public void Malformed_receiver_reports_are_refused(string hex, string because)
    {
        Assert.False(ReceiverReport.TryParse(Hex(hex), out _), because);
    }

    [Fact]
    public void Reports_round_trip_byte_for_byte()
    {
        foreach (var hex in new[] { Sr })
        {
            var wire = Hex(hex);
            Assert.True(SenderReport.TryParse(wire, out var sr));
            var buffer = new byte[sr.MarshalSize];
            Assert.Equal(wire.Length, sr.WriteTo(buffer));
            Assert.Equal(wire, buffer);
            Assert.Equal(0, sr.WriteTo(new byte[wire.Length - 1]));
        }

        var wireRr = Hex(Rr);
        Assert.True(ReceiverReport.TryParse(wireRr, out var rr));
        var rrBuffer = new byte[rr.MarshalSize];
        Assert.Equal(wireRr.Length, rr.WriteTo(rrBuffer));
        Assert.Equal(wireRr, rrBuffer);
    }

    [Fact]
    public void Reports_built_from_values_write_and_parse_back()
    {
        ReadOnlySpan<ReportBlock> blocks =
        [
            new ReportBlock { Ssrc = 1, FractionLost = 255, CumulativeLost = int.MaxValue, ExtendedHighestSequence = 0x0001ffff },
            new ReportBlock { Ssrc = 2, CumulativeLost = int.MinValue, Jitter = 77 },
        ];
        var sr = new SenderReport { SenderSsrc = 9, NtpTimestamp = 1UL << 40, RtpTimestamp = 5, Reports = new RtcpItemList<ReportBlock>(blocks) };
        var buffer = new byte[sr.MarshalSize];
        Assert.Equal(76, sr.WriteTo(buffer));
        Assert.True(SenderReport.TryParse(buffer, out var back));
        Assert.Equal((9u, 1UL << 40, 2), (back.SenderSsrc, back.NtpTimestamp, back.Reports.Count));
        Assert.Equal(ReportBlock.MaxCumulativeLost, back.Reports[0].CumulativeLost); // clamped to 24 bits
        Assert.Equal(ReportBlock.MinCumulativeLost, back.Reports[1].CumulativeLost);
        Assert.Equal(blocks[0] with { CumulativeLost = ReportBlock.MaxCumulativeLost }, back.Reports[0]);

        var rr = new ReceiverReport { SenderSsrc = 3, Reports = new RtcpItemList<ReportBlock>(blocks) };
        var rrBuffer = new byte[rr.MarshalSize];
        Assert.Equal(56, rr.WriteTo(rrBuffer));
        Assert.True(ReceiverReport.TryParse(rrBuffer, out var rrBack));
        var ssrcs = new List<uint>();
        foreach (var block in rrBack.Reports) ssrcs.Add(block.Ssrc);
        Assert.Equal([1u, 2u], ssrcs);

        var tooMany = new ReportBlock[32];
        Assert.Equal(0, new ReceiverReport { Reports = new RtcpItemList<ReportBlock>(tooMany) }.WriteTo(new byte[2000]));
        Assert.Equal(0, new ReceiverReport { ProfileExtensions = [1, 2, 3] }.WriteTo(new byte[100]));
    }
}
