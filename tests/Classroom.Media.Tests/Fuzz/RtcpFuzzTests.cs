// RFC 3550 §6.1 (compound packets), §6.4 (SR, RR), §6.5 (SDES), §6.6 (BYE) and Appendix A.2 (validity
// checks); RFC 4585 §6.2.1 (Generic NACK) and §6.3.1 (PLI); RFC 5104 §4.3.1 (FIR); draft-alvestrand-
// rmcat-remb §2.2 (REMB): fuzz target for RtcpReader and every typed parser on what it yields.
using System.Buffers.Binary;
using System.Text;
using Classroom.Media.Rtcp;

namespace Classroom.Media.Tests.Fuzz;

public sealed class RtcpFuzzTests
{
    private const int Inputs = 1_000_000;

    /// <summary>Compound packets as browsers and the relay send them, built with the packet writers.</summary>
    internal static FuzzSeed[] Seeds()
    {
        var blocks = new[]
        {
            new ReportBlock { Ssrc = 0x11111111, FractionLost = 12, CumulativeLost = -3, ExtendedHighestSequence = 0x0001FFFE, Jitter = 7, LastSenderReport = 0x12345678, DelaySinceLastSenderReport = 0x00010000 },
            new ReportBlock { Ssrc = 0x22222222, FractionLost = 0, CumulativeLost = 0x7FFFFF, ExtendedHighestSequence = 5, Jitter = 0, LastSenderReport = 0, DelaySinceLastSenderReport = 0 },
        };
        var sr = Write(b => new SenderReport { SenderSsrc = 0xCAFEBABE, NtpTimestamp = 0xDA8BD1FC_DDDDDDDD, RtpTimestamp = 90000, PacketCount = 10, OctetCount = 12000, Reports = new RtcpItemList<ReportBlock>(blocks) }.WriteTo(b));
        var srExtension = Write(b => new SenderReport { SenderSsrc = 1, Reports = new RtcpItemList<ReportBlock>(blocks.AsSpan(0, 1)), ProfileExtensions = [1, 2, 3, 4, 5, 6, 7, 8] }.WriteTo(b));
        var rr = Write(b => new ReceiverReport { SenderSsrc = 0xCAFEBABE, Reports = new RtcpItemList<ReportBlock>(blocks.AsSpan(1)) }.WriteTo(b));
        var emptyRr = Write(b => new ReceiverReport { SenderSsrc = 1 }.WriteTo(b));
        var pli = Write(b => new PictureLossIndication { SenderSsrc = 1, MediaSsrc = 0x22222222 }.WriteTo(b));
        FirEntry[] firEntries = [new FirEntry { Ssrc = 0x22222222, SequenceNumber = 5 }, new FirEntry { Ssrc = 0x33333333, SequenceNumber = 255 }];
        var fir = Write(b => new FullIntraRequest { SenderSsrc = 1, Entries = new RtcpItemList<FirEntry>(firEntries) }.WriteTo(b));
        NackPair[] pairs = [new NackPair { PacketId = 0xFFFE, LostBitmask = 0x8001 }, new NackPair { PacketId = 100, LostBitmask = 0 }, new NackPair { PacketId = 200, LostBitmask = 0xFFFF }];
        var nack = Write(b => new GenericNack { SenderSsrc = 1, MediaSsrc = 0x22222222, Pairs = new RtcpItemList<NackPair>(pairs) }.WriteTo(b));
        SsrcEntry[] rembSsrcs = [new SsrcEntry(0x22222222), new SsrcEntry(0x33333333)];
        var remb = Write(b => new ReceiverEstimatedMaxBitrate { SenderSsrc = 1, Bitrate = 2_500_000, Ssrcs = new RtcpItemList<SsrcEntry>(rembSsrcs) }.WriteTo(b));
        var sdes = Sdes(0xCAFEBABE, "user@host.example{8d4b}");
        var bye = Bye(0xCAFEBABE, "leaving");

        return
        [
            Compound("SR, SDES, BYE", sr, sdes, bye),
            Compound("RR, SDES, PLI, FIR, NACK, REMB", rr, sdes, pli, fir, nack, remb),
            Compound("SR with profile extension, RR, padded NACK", srExtension, emptyRr, Padded(nack, 4)),
            Compound("RR, REMB, padded FIR", emptyRr, remb, Padded(fir, 8)),
            Compound("reduced-size PLI", pli),
            Compound("reduced-size NACK", nack),
            Compound("padded SR", Padded(sr, 12)),
        ];
    }

    private delegate int Writer(Span<byte> destination);

    private static byte[] Write(Writer write)
    {
        var buffer = new byte[512];
        var length = write(buffer);
        Assert.True(length > 0);
        return buffer[..length];
    }

    // RFC 3550 §6.5: one chunk, a CNAME item, the END item, null padding to the next word.
    private static byte[] Sdes(uint ssrc, string cname)
    {
        var text = Encoding.ASCII.GetBytes(cname);
        var length = (4 + 4 + 2 + text.Length + 1 + 3) & ~3;
        var bytes = new byte[length];
        Header(bytes, count: 1, RtcpPacketType.SourceDescription);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), ssrc);
        bytes[8] = 1; // CNAME
        bytes[9] = (byte)text.Length;
        text.CopyTo(bytes, 10);
        return bytes;
    }

    // RFC 3550 §6.6: one SSRC and a reason, padded to the next word.
    private static byte[] Bye(uint ssrc, string reason)
    {
        var text = Encoding.ASCII.GetBytes(reason);
        var bytes = new byte[(4 + 4 + 1 + text.Length + 3) & ~3];
        Header(bytes, count: 1, RtcpPacketType.Goodbye);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), ssrc);
        bytes[8] = (byte)text.Length;
        text.CopyTo(bytes, 9);
        return bytes;
    }

    private static void Header(byte[] bytes, int count, byte type) =>
        new RtcpHeader { Count = (byte)count, PacketType = type, Length = (ushort)(bytes.Length / 4 - 1) }.WriteTo(bytes);

    // RFC 3550 §6.4.1: P bit, padding bytes whose last octet counts them, length field covering them.
    private static byte[] Padded(byte[] packet, int padding)
    {
        var bytes = new byte[packet.Length + padding];
        packet.CopyTo(bytes, 0);
        bytes[0] |= 0x20;
        bytes[^1] = (byte)padding;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length / 4 - 1));
        return bytes;
    }

    private static FuzzSeed Compound(string name, params byte[][] packets)
    {
        var bytes = packets.SelectMany(p => p).ToArray();
        var fields = new List<FuzzField>();
        var offset = 0;
        foreach (var p in packets)
        {
            fields.Add(new FuzzField(offset, 1)); // V, P, count/FMT
            fields.Add(new FuzzField(offset + 1, 1)); // packet type
            fields.Add(new FuzzField(offset + 2, 2)); // length in words minus one
            offset += p.Length;
        }

        return new FuzzSeed(name, bytes, [.. fields]);
    }

    [Fact]
    public void Every_seed_reads_to_the_end_and_each_packet_parses()
    {
        foreach (var seed in Seeds())
        {
            var reader = new RtcpReader(seed.Bytes);
            while (reader.TryRead(out var header, out var packet))
            {
                // SDES and BYE are framed by the reader but have no typed parser; everything else has exactly one.
                var untyped = header.PacketType is RtcpPacketType.SourceDescription or RtcpPacketType.Goodbye;
                Assert.Equal(untyped ? 0 : 1, Parsers(packet, Span<byte>.Empty));
            }

            Assert.Equal((RtcpReadError.None, seed.Bytes.Length), (reader.Error, reader.Offset));
        }
    }

    [Fact]
    public void A_million_mutated_compound_packets_are_refused_or_read_within_bounds()
    {
        var seeds = Seeds();
        var mutator = new ByteMutator(new Random(3550_6));
        var buffer = new byte[2048];
        var output = new byte[4096];
        int complete = 0, typed = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var length = mutator.Mutate(seeds[i % seeds.Length], buffer);
            var input = buffer.AsSpan(0, length);
            try
            {
                var reader = new RtcpReader(input);
                var previous = 0;
                while (reader.TryRead(out var header, out var packet))
                {
                    FuzzFailure.Check(FuzzFailure.Within(input, packet) && input.Overlaps(packet, out var at) && at == previous, "packet not where the reader was", i, input);
                    FuzzFailure.Check(packet.Length == header.PacketLength && packet.Length >= RtcpHeader.Size && reader.Offset == previous + packet.Length, "offset did not advance by the packet length", i, input);
                    FuzzFailure.Check(!header.Padding || reader.Offset == length, "padding on a packet that is not the last", i, input);
                    previous = reader.Offset;
                    typed += Parsers(packet, output, i, input);
                }

                FuzzFailure.Check(reader.Offset == previous && reader.Offset <= length, "offset moved without a packet", i, input);
                FuzzFailure.Check(reader.Error == RtcpReadError.None ? reader.Offset == length : reader.Error == RtcpReadError.Empty || reader.Offset < length, "stopped early without an error", i, input);
                if (reader.Error == RtcpReadError.None) complete++;
                Parsers(input, output, i, input); // a lone packet straight from the socket, without the reader
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                FuzzFailure.Throw(e, i, input);
            }
        }

        Assert.True(complete > Inputs / 10, $"only {complete} read to the end");
        Assert.True(typed > Inputs, $"only {typed} typed packets parsed");
    }

    private static int Parsers(ReadOnlySpan<byte> packet, Span<byte> output) => Parsers(packet, output, -1, packet);

    /// <summary>Runs every typed parser on <paramref name="packet"/>; returns how many accepted it.</summary>
    private static int Parsers(ReadOnlySpan<byte> packet, Span<byte> output, int i, ReadOnlySpan<byte> input)
    {
        var accepted = 0;
        var padded = packet.Length > 0 && (packet[0] & 0x20) != 0;
        var count = packet.Length > 0 ? packet[0] & 0x1F : -1;
        if (SenderReport.TryParse(packet, out var sr))
        {
            accepted++;
            FuzzFailure.Check(sr.Reports.Count == count && FuzzFailure.Within(packet, sr.ProfileExtensions) && sr.MarshalSize <= packet.Length, "SR blocks or extensions outside the packet", i, input);
            foreach (var block in sr.Reports) FuzzFailure.Check(block.CumulativeLost is >= ReportBlock.MinCumulativeLost and <= ReportBlock.MaxCumulativeLost, "cumulative loss not 24-bit", i, input);
            CheckWrite(packet, padded, sr.WriteTo(output), output, i, input);
        }

        if (ReceiverReport.TryParse(packet, out var rr))
        {
            accepted++;
            FuzzFailure.Check(rr.Reports.Count == count && FuzzFailure.Within(packet, rr.ProfileExtensions) && rr.MarshalSize <= packet.Length, "RR blocks or extensions outside the packet", i, input);
            foreach (var block in rr.Reports) _ = block.Jitter;
            CheckWrite(packet, padded, rr.WriteTo(output), output, i, input);
        }

        if (PictureLossIndication.TryParse(packet, out var pli))
        {
            accepted++;
            FuzzFailure.Check(pli.MarshalSize <= packet.Length, "PLI longer than its packet", i, input);
            CheckWrite(packet, padded, pli.WriteTo(output), output, i, input);
        }

        if (FullIntraRequest.TryParse(packet, out var fir))
        {
            accepted++;
            FuzzFailure.Check(fir.Entries.Count > 0 && fir.MarshalSize <= packet.Length, "FIR entries outside the packet", i, input);
            foreach (var entry in fir.Entries) _ = entry.SequenceNumber;
            // RFC 5104 §4.3.1.1: reserved bits are ignored on receipt and written as zero, so only the length survives.
            FuzzFailure.Check(output.IsEmpty || fir.WriteTo(output) == fir.MarshalSize, "FIR did not write back", i, input);
        }

        if (GenericNack.TryParse(packet, out var nack))
        {
            accepted++;
            FuzzFailure.Check(nack.Pairs.Count > 0 && nack.MarshalSize <= packet.Length, "NACK pairs outside the packet", i, input);
            // RFC 4585 §6.2.1: each pair reports its PID, then PID + k + 1 for every set bit k of the BLP.
            var lost = nack.LostSequenceNumbers;
            foreach (var pair in nack.Pairs)
            {
                FuzzFailure.Check(lost.MoveNext() && lost.Current == pair.PacketId, "NACK enumerator skipped a PID", i, input);
                for (var k = 0; k < 16; k++)
                {
                    if ((pair.LostBitmask & (1 << k)) == 0) continue;
                    FuzzFailure.Check(lost.MoveNext() && lost.Current == (ushort)(pair.PacketId + k + 1), "NACK enumerator misread the BLP", i, input);
                }
            }

            FuzzFailure.Check(!lost.MoveNext(), "NACK enumerator ran past the pairs", i, input);
            CheckWrite(packet, padded, nack.WriteTo(output), output, i, input);
        }

        if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb))
        {
            accepted++;
            FuzzFailure.Check(remb.Ssrcs.Count <= ReceiverEstimatedMaxBitrate.MaxSsrcCount && remb.MarshalSize <= packet.Length, "REMB SSRCs outside the packet", i, input);
            foreach (var ssrc in remb.Ssrcs) _ = ssrc.Ssrc;
            if (output.IsEmpty) return accepted;
            var written = remb.WriteTo(output);
            // The exponent and mantissa are re-chosen on write, so compare what they mean, not the bytes.
            FuzzFailure.Check(written == remb.MarshalSize, "REMB did not write back", i, input);
            FuzzFailure.Check(
                ReceiverEstimatedMaxBitrate.TryParse(output[..written], out var again) && again.Ssrcs.Count == remb.Ssrcs.Count
                    && (remb.Bitrate == ulong.MaxValue || again.Bitrate == remb.Bitrate),
                "REMB does not re-parse to the same estimate",
                i,
                input);
        }

        return accepted;
    }

    // Without padding a parsed packet writes back exactly the bytes it came from; with padding the
    // writer drops it, so only the length can be checked.
    private static void CheckWrite(ReadOnlySpan<byte> packet, bool padded, int written, ReadOnlySpan<byte> output, int i, ReadOnlySpan<byte> input)
    {
        if (output.IsEmpty) return;
        if (padded)
        {
            FuzzFailure.Check(written > 0 ? written <= packet.Length : (packet.Length - RtcpHeader.Size - packet[^1]) % 4 != 0, "padded packet wrote back badly", i, input);
            return;
        }

        FuzzFailure.Check(written == packet.Length && packet.SequenceEqual(output[..written]), "packet does not write back byte for byte", i, input);
    }
}
