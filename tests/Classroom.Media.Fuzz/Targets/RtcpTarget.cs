// RFC 3550 §6.1 (compound packets), §6.4 (SR, RR) and Appendix A.2 (validity checks); RFC 4585 §6.2.1
// (Generic NACK) and §6.3.1 (PLI); RFC 5104 §4.3.1 (FIR); draft-alvestrand-rmcat-remb §2.2 (REMB):
// fuzz target for RtcpReader and every typed parser, on each packet the reader yields and on the
// whole datagram (a reduced-size packet, RFC 5506, arrives alone). What parses must write back.
using Classroom.Media.Rtcp;

namespace Classroom.Media.Fuzz.Targets;

public static class RtcpTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var output = new byte[Math.Max(64, 2 * input.Length)];
        var reader = new RtcpReader(input);
        var end = 0;
        while (reader.TryRead(out var header, out var packet))
        {
            Fuzz.Check(input.Overlaps(packet, out var at) && at == end && packet.Length == header.PacketLength && packet.Length >= RtcpHeader.Size,
                "a packet not where the previous one ended, or not as long as its header says");
            Fuzz.Check(reader.Offset == end + packet.Length, "the reader's offset did not advance by the packet");
            // RFC 3550 A.2: only the last packet of a compound may be padded.
            Fuzz.Check(!header.Padding || reader.Offset == input.Length, "a padded packet that is not the last");
            end = reader.Offset;
            Parse(packet, output);
        }

        Fuzz.Check(reader.Offset == end, "the offset moved without a packet");
        Fuzz.Check(reader.Error == RtcpReadError.None ? end == input.Length : reader.Error == RtcpReadError.Empty || end < input.Length, "stopped early without an error");
        Parse(input, output);
    }

    /// <summary>Every typed parser on one packet: what it accepts lies inside the packet and writes back.</summary>
    private static void Parse(ReadOnlySpan<byte> packet, Span<byte> output)
    {
        var count = packet.IsEmpty ? -1 : packet[0] & 0x1F;
        var padded = !packet.IsEmpty && (packet[0] & 0x20) != 0;
        if (SenderReport.TryParse(packet, out var sr))
        {
            Fuzz.Check(sr.Reports.Count == count && Fuzz.Within(packet, sr.ProfileExtensions) && sr.MarshalSize <= packet.Length, "SR blocks or extensions outside the packet");
            foreach (var block in sr.Reports) CheckBlock(block);
            WrittenBack(packet, padded, sr.WriteTo(output), output);
        }

        if (ReceiverReport.TryParse(packet, out var rr))
        {
            Fuzz.Check(rr.Reports.Count == count && Fuzz.Within(packet, rr.ProfileExtensions) && rr.MarshalSize <= packet.Length, "RR blocks or extensions outside the packet");
            foreach (var block in rr.Reports) CheckBlock(block);
            WrittenBack(packet, padded, rr.WriteTo(output), output);
        }

        if (PictureLossIndication.TryParse(packet, out var pli))
        {
            Fuzz.Check(pli.MarshalSize <= packet.Length, "PLI longer than its packet");
            WrittenBack(packet, padded, pli.WriteTo(output), output);
        }

        if (FullIntraRequest.TryParse(packet, out var fir))
        {
            Fuzz.Check(fir.Entries.Count > 0 && fir.MarshalSize <= packet.Length, "FIR entries outside the packet");
            foreach (var entry in fir.Entries) _ = (entry.Ssrc, entry.SequenceNumber);
            // RFC 5104 §4.3.1.1: reserved bits are ignored on receipt and written as zero: compare what was read.
            var written = fir.WriteTo(output);
            Fuzz.Check(written == fir.MarshalSize && FullIntraRequest.TryParse(output[..written], out var again)
                && again.Entries.Count == fir.Entries.Count && again.SenderSsrc == fir.SenderSsrc, "FIR does not write back");
        }

        if (GenericNack.TryParse(packet, out var nack))
        {
            Fuzz.Check(nack.Pairs.Count > 0 && nack.MarshalSize <= packet.Length, "NACK pairs outside the packet");
            // RFC 4585 §6.2.1: each pair stands for its PID, then PID + k + 1 for every set bit k of the BLP.
            var lost = nack.LostSequenceNumbers;
            foreach (var pair in nack.Pairs)
            {
                Fuzz.Check(lost.MoveNext() && lost.Current == pair.PacketId, "the NACK enumerator skipped a PID");
                for (var k = 0; k < 16; k++)
                {
                    if ((pair.LostBitmask & (1 << k)) != 0)
                        Fuzz.Check(lost.MoveNext() && lost.Current == (ushort)(pair.PacketId + k + 1), "the NACK enumerator misread the BLP");
                }
            }

            Fuzz.Check(!lost.MoveNext(), "the NACK enumerator ran past the pairs");
            WrittenBack(packet, padded, nack.WriteTo(output), output);
        }

        if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb))
        {
            Fuzz.Check(remb.Ssrcs.Count <= ReceiverEstimatedMaxBitrate.MaxSsrcCount && remb.MarshalSize <= packet.Length, "REMB SSRCs outside the packet");
            // The exponent and mantissa are chosen again on write: compare the bitrate they stand for.
            var written = remb.WriteTo(output);
            Fuzz.Check(written == remb.MarshalSize && ReceiverEstimatedMaxBitrate.TryParse(output[..written], out var again)
                && again.Ssrcs.Count == remb.Ssrcs.Count && (remb.Bitrate == ulong.MaxValue || again.Bitrate == remb.Bitrate), "REMB does not write back to the same estimate");
        }
    }

    private static void CheckBlock(in ReportBlock block) =>
        Fuzz.Check(block.CumulativeLost is >= ReportBlock.MinCumulativeLost and <= ReportBlock.MaxCumulativeLost, "cumulative loss beyond 24 bits");

    // Unpadded, a parsed packet writes back byte for byte. Padded, the writer leaves the padding out,
    // and writes nothing when what is left is not whole words (it cannot frame that).
    private static void WrittenBack(ReadOnlySpan<byte> packet, bool padded, int written, ReadOnlySpan<byte> output)
    {
        if (padded)
            Fuzz.Check(written > 0 ? written <= packet.Length : (packet.Length - RtcpHeader.Size - packet[^1]) % 4 != 0, "a padded packet did not write back");
        else Fuzz.Check(written == packet.Length && packet.SequenceEqual(output[..written]), "a packet does not write back byte for byte");
    }
}
