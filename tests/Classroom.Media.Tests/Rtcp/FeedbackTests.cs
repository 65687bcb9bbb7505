using Classroom.Media.Rtcp;
using static Classroom.Media.Tests.Rtcp.RtcpBytes;

namespace Classroom.Media.Tests.Rtcp;

public sealed class FeedbackTests
{
    // PLI: FMT=1 PT=206 len 2, sender 00000001, media 00000002.
    private const string Pli = "81ce0002 00000001 00000002";
    // FIR: FMT=4 PT=206 len 6, sender 1, media 0, entries (11223344, seq 5) and (55667788, seq 6); reserved 0.
    private const string Fir = "84ce0006 00000001 00000000 11223344 05000000 55667788 06000000";
    // NACK: FMT=1 PT=205 len 4, sender 1, media 2; PID fffe BLP 8003 (bits 0,1,15), PID 0010 BLP 0000.
    private const string Nack = "81cd0004 00000001 00000002 fffe8003 00100000";
    // REMB: FMT=15 PT=206 len 5, sender 1, media 0, "REMB", 1 SSRC, exp 2 mantissa 256000 (1 024 000 bit/s),
    // SSRC 11223344. The smallest exponent, as our writer picks it, so the bytes round-trip.
    private const string Remb = "8fce0005 00000001 00000000 52454d42 010be800 11223344";

    [Fact]
    public void Valid_pli_decodes()
    {
        Assert.True(PictureLossIndication.TryParse(Hex(Pli), out var pli));
        Assert.Equal(new PictureLossIndication { SenderSsrc = 1, MediaSsrc = 2 }, pli);
    }

    [Fact]
    public void Valid_fir_decodes_entries()
    {
        Assert.True(FullIntraRequest.TryParse(Hex(Fir), out var fir));
        Assert.Equal((1u, 0u, 2), (fir.SenderSsrc, fir.MediaSsrc, fir.Entries.Count));
        Assert.Equal(new FirEntry { Ssrc = 0x11223344, SequenceNumber = 5 }, fir.Entries[0]);
        Assert.Equal(new FirEntry { Ssrc = 0x55667788, SequenceNumber = 6 }, fir.Entries[1]);
    }

    [Fact]
    public void Nack_enumerates_lost_sequence_numbers_across_the_16_bit_wrap()
    {
        Assert.True(GenericNack.TryParse(Hex(Nack), out var nack));
        Assert.Equal((1u, 2u, 2), (nack.SenderSsrc, nack.MediaSsrc, nack.Pairs.Count));
        var lost = new List<ushort>();
        foreach (var seq in nack.LostSequenceNumbers) lost.Add(seq);
        Assert.Equal([0xfffe, 0xffff, 0x0000, 0x000e, 0x0010], lost);
        Assert.Equal(4, nack.Pairs[0].LostCount);
    }

    [Fact]
    public void Nack_pairs_packed_from_lost_sequence_numbers_round_trip()
    {
        ReadOnlySpan<ushort> lost = [0xfff0, 0xfff1, 0xffff, 0x0000, 0x0005, 0x0100];
        Span<NackPair> pairs = stackalloc NackPair[4];
        var count = NackPair.Pack(lost, pairs);
        Assert.Equal(3, count); // fff0 covers fff1..0000; 0005 and 0100 each start a pair
        Assert.Equal(new NackPair { PacketId = 0xfff0, LostBitmask = 0x8001 | 0x4000 }, pairs[0]);
        Assert.Equal(-1, NackPair.Pack(lost, pairs[..2]));

        var nack = new GenericNack { SenderSsrc = 7, MediaSsrc = 8, Pairs = new RtcpItemList<NackPair>(pairs[..count]) };
        var buffer = new byte[nack.MarshalSize];
        Assert.Equal(24, nack.WriteTo(buffer));
        Assert.True(GenericNack.TryParse(buffer, out var back));
        var seqs = new List<ushort>();
        foreach (var seq in back.LostSequenceNumbers) seqs.Add(seq);
        Assert.Equal(lost.ToArray(), seqs);
    }

    [Fact]
    public void Valid_remb_decodes_bitrate_and_ssrcs()
    {
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Hex(Remb), out var remb));
        Assert.Equal(1000UL << 10, remb.Bitrate);
        Assert.Equal(1, remb.Ssrcs.Count);
        Assert.Equal(0x11223344u, remb.Ssrcs[0].Ssrc);

        // The same rate sent with a larger exponent (exp 10, mantissa 1000) reads the same.
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Hex("8fce0005 00000001 00000000 52454d42 012803e8 11223344"), out var other));
        Assert.Equal(remb.Bitrate, other.Bitrate);
    }

    [Fact]
    public void Remb_bitrate_encoding_truncates_and_saturates()
    {
        Assert.Equal((0, 262143u), ReceiverEstimatedMaxBitrate.Encode(262143));
        Assert.Equal((1, 131072u), ReceiverEstimatedMaxBitrate.Encode(262144));
        var (exponent, mantissa) = ReceiverEstimatedMaxBitrate.Encode(ulong.MaxValue);
        Assert.Equal((46, 262143u), (exponent, mantissa));
        Assert.True(ReceiverEstimatedMaxBitrate.Decode(exponent, mantissa) <= ulong.MaxValue);
        Assert.Equal(ulong.MaxValue, ReceiverEstimatedMaxBitrate.Decode(63, 262143));
        Assert.Equal(0UL, ReceiverEstimatedMaxBitrate.Decode(63, 0));
        Assert.Equal(1UL << 63, ReceiverEstimatedMaxBitrate.Decode(63, 1));
    }

    [Theory]
    // PLI
    [InlineData("pli", "81ce0001 00000001", "short: no media SSRC")]
    [InlineData("pli", "81ce0003 00000001 00000002", "bad length: a word past the buffer")]
    [InlineData("pli", "81ce0003 00000001 00000002 00000000", "FCI present")]
    [InlineData("pli", "81cd0002 00000001 00000002", "wrong type: RTPFB")]
    [InlineData("pli", "84ce0002 00000001 00000002", "wrong FMT: FIR")]
    [InlineData("pli", Pli + "00", "overlong")]
    // FIR
    [InlineData("fir", "84ce0002 00000001 00000000", "no entries")]
    [InlineData("fir", "84ce0004 00000001 00000000 11223344", "bad length: entry cut")]
    [InlineData("fir", "84ce0005 00000001 00000000 11223344 05000000 55667788", "half an entry")]
    [InlineData("fir", "84cd0004 00000001 00000000 11223344 05000000", "wrong type: RTPFB")]
    // NACK
    [InlineData("nack", "81cd0002 00000001 00000002", "no pairs")]
    [InlineData("nack", "81cd0003 00000001 00000002", "short")]
    [InlineData("nack", "81ce0003 00000001 00000002 fffe8003", "wrong type: PSFB")]
    [InlineData("nack", "8fcd0003 00000001 00000002 fffe8003", "wrong FMT")]
    [InlineData("nack", "a1cd0003 00000001 00000002 fffe8002", "padding leaves half a pair")]
    // REMB
    [InlineData("remb", "8fce0004 00000001 00000000 52454d42 002803e8 11223344", "bad length: a word past the buffer")]
    [InlineData("remb", "8fce0005 00000001 00000000 52454d42 022803e8 11223344", "Num SSRC 2 but one SSRC")]
    [InlineData("remb", "8fce0005 00000001 00000000 52454d43 012803e8 11223344", "identifier is not REMB")]
    [InlineData("remb", "8fce0003 00000001 00000000 52454d42", "bitrate word missing")]
    [InlineData("remb", "8fcd0005 00000001 00000000 52454d42 012803e8 11223344", "wrong type: RTPFB")]
    public void Malformed_feedback_is_refused(string kind, string hex, string because)
    {
        var bytes = Hex(hex);
        var parsed = kind switch
        {
            "pli" => PictureLossIndication.TryParse(bytes, out _),
            "fir" => FullIntraRequest.TryParse(bytes, out _),
            "nack" => GenericNack.TryParse(bytes, out _),
            _ => ReceiverEstimatedMaxBitrate.TryParse(bytes, out _),
        };
        Assert.False(parsed, because);
    }

    [Theory]
    [InlineData(Pli)]
    [InlineData(Fir)]
    [InlineData(Nack)]
    [InlineData(Remb)]
    public void Feedback_round_trips_byte_for_byte(string hex)
    {
        var wire = Hex(hex);
        var buffer = new byte[wire.Length];
        var small = new byte[wire.Length - 1];
        int written, tooSmall;
        if (PictureLossIndication.TryParse(wire, out var pli)) (written, tooSmall) = (pli.WriteTo(buffer), pli.WriteTo(small));
        else if (FullIntraRequest.TryParse(wire, out var fir)) (written, tooSmall) = (fir.WriteTo(buffer), fir.WriteTo(small));
        else if (GenericNack.TryParse(wire, out var nack)) (written, tooSmall) = (nack.WriteTo(buffer), nack.WriteTo(small));
        else
        {
            Assert.True(ReceiverEstimatedMaxBitrate.TryParse(wire, out var remb));
            (written, tooSmall) = (remb.WriteTo(buffer), remb.WriteTo(small));
        }

        Assert.Equal(wire.Length, written);
        Assert.Equal(0, tooSmall);
        Assert.Equal(wire, buffer);
    }

    [Fact]
    public void Empty_entry_lists_are_not_written()
    {
        Assert.Equal(0, new FullIntraRequest().WriteTo(new byte[64]));
        Assert.Equal(0, new GenericNack().WriteTo(new byte[64]));
    }
}
