// RFC 3550 §5.1 (fixed header, CSRCs, padding) and §5.3.1 (header extension), RFC 8285 §4.2 and §4.3
// (one-byte and two-byte extension elements): fuzz target for RtpPacket.TryParse and TryGetExtension,
// cross-checked against the header reader the SRTP transforms use.
using System.Buffers.Binary;
using Classroom.Media.Rtp;
using Classroom.Media.Srtp;

namespace Classroom.Media.Tests.Fuzz;

public sealed class RtpFuzzTests
{
    private const int Inputs = 1_000_000;

    /// <summary>Valid packets the way browsers send them, covering every optional part of the header.</summary>
    internal static FuzzSeed[] Seeds() =>
    [
        // Video with mid, rid, abs-send-time, transport-cc and audio level, padding between elements and at the end.
        Build("one-byte extensions, padded", csrcs: 0, profile: 0xBEDE,
            elements: [0x40, (byte)'0', 0xA0, (byte)'h', 0x00, 0x22, 0x12, 0x34, 0x56, 0x31, 0x00, 0x07, 0x10, 0x85],
            payload: 40, padding: 4),
        // Two-byte form (profile 0x100x): an id above 14, a zero-length element, a 16-byte value.
        Build("two-byte extensions, CSRCs, padded", csrcs: 2, profile: 0x1000,
            elements: [0x04, 0x01, (byte)'1', 0xC8, 0x00, 0x00, 0x11, 0x10, .. Enumerable.Range(1, 16).Select(b => (byte)b)],
            payload: 12, padding: 1),
        Build("Opus, no extension, 7 bytes padding", csrcs: 0, profile: null, elements: [], payload: 160, padding: 7),
        Build("fifteen CSRCs, one-byte extension", csrcs: 15, profile: 0xBEDE, elements: [0x40, (byte)'2'], payload: 8, padding: 0),
        Build("unknown extension profile", csrcs: 1, profile: 0xABAC, elements: [1, 2, 3, 4, 5, 6, 7, 8], payload: 3, padding: 0),
        Build("empty payload, all padding", csrcs: 0, profile: 0xBEDE, elements: [0x10, 0xFF, 0x00, 0x00], payload: 0, padding: 255),
        Build("bare header", csrcs: 0, profile: null, elements: [], payload: 0, padding: 0),
    ];

    private static FuzzSeed Build(string name, int csrcs, ushort? profile, byte[] elements, int payload, int padding)
    {
        var extensionWords = (elements.Length + 3) / 4;
        var header = RtpPacket.FixedHeaderLength + 4 * csrcs + (profile is null ? 0 : 4 + 4 * extensionWords);
        var bytes = new byte[header + payload + padding];
        bytes[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0) | (profile is null ? 0 : 0x10) | csrcs);
        bytes[1] = 0x80 | 96;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 0xFFFE);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 0x01020304);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 0xCAFEBABE);
        for (var c = 0; c < csrcs; c++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12 + 4 * c), 0x11111111u * (uint)(c + 1));
        var fields = new List<FuzzField> { new(0, 1) };
        if (profile is { } p)
        {
            var at = RtpPacket.FixedHeaderLength + 4 * csrcs;
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), p);
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 2), (ushort)extensionWords);
            elements.CopyTo(bytes, at + 4);
            fields.Add(new FuzzField(at, 2));
            fields.Add(new FuzzField(at + 2, 2));
            for (var e = 0; e < elements.Length; e++) fields.Add(new FuzzField(at + 4 + e, 1)); // element id/length bytes
        }

        bytes.AsSpan(header, payload).Fill(0xAB);
        if (padding > 0) bytes[^1] = (byte)padding;
        return new FuzzSeed(name, bytes, [.. fields]);
    }

    [Fact]
    public void Every_seed_parses_with_its_extensions_and_padding()
    {
        foreach (var seed in Seeds())
        {
            Assert.True(RtpPacket.TryParse(seed.Bytes, out var rtp), seed.Name);
            Assert.Equal(seed.Bytes.Length, rtp.PayloadOffset + rtp.PayloadLength + rtp.PaddingLength);
        }

        var oneByte = Seeds()[0].Bytes;
        Assert.True(RtpPacket.TryParse(oneByte, out var video));
        Assert.True(video.TryGetExtension(oneByte, 10, out var rid) && rid.SequenceEqual("h"u8));
        Assert.True(video.TryGetExtension(oneByte, 1, out var level) && level.Length == 1);
        var twoByte = Seeds()[1].Bytes;
        Assert.True(RtpPacket.TryParse(twoByte, out var two));
        Assert.True(two.TryGetExtension(twoByte, 200, out var empty) && empty.IsEmpty);
        Assert.True(two.TryGetExtension(twoByte, 17, out var sixteen) && sixteen.Length == 16);
    }

    [Fact]
    public void A_million_mutated_packets_are_refused_or_parsed_within_bounds()
    {
        var seeds = Seeds();
        var mutator = new ByteMutator(new Random(3550_2));
        var buffer = new byte[2048];
        int parsed = 0, extensionsFound = 0;
        for (var i = 0; i < Inputs; i++)
        {
            var length = mutator.Mutate(seeds[i % seeds.Length], buffer);
            var packet = buffer.AsSpan(0, length);
            try
            {
                var headerKnown = RtpHeader.TryGetLength(packet, out var headerLength);
                if (!RtpPacket.TryParse(packet, out var rtp)) continue;
                parsed++;
                FuzzFailure.Check(headerKnown && headerLength == rtp.PayloadOffset, "the SRTP header reader disagrees on where the payload starts", i, packet);
                extensionsFound += CheckParsed(packet, rtp, i);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                FuzzFailure.Throw(e, i, packet);
            }
        }

        Assert.True(parsed > Inputs / 4, $"only {parsed} parsed");
        Assert.True(extensionsFound > Inputs / 4, $"only {extensionsFound} extension elements found");
    }

    /// <summary>Invariants of an accepted packet; returns how many extension elements were found.</summary>
    private static int CheckParsed(ReadOnlySpan<byte> packet, RtpPacket rtp, int i)
    {
        var length = packet.Length;
        var csrcEnd = RtpPacket.FixedHeaderLength + 4 * (packet[0] & 0x0F);
        FuzzFailure.Check(rtp.PayloadOffset + rtp.PayloadLength + rtp.PaddingLength == length, "payload offset + payload + padding != length", i, packet);
        FuzzFailure.Check(rtp.PayloadOffset >= csrcEnd && rtp.PayloadLength >= 0, "payload overlaps the header", i, packet);
        var padded = (packet[0] & 0x20) != 0;
        FuzzFailure.Check(padded ? rtp.PaddingLength == packet[^1] && rtp.PaddingLength > 0 : rtp.PaddingLength == 0, "padding does not match the P bit and last byte", i, packet);
        if ((packet[0] & 0x10) != 0)
        {
            FuzzFailure.Check(rtp.ExtensionOffset == csrcEnd + 4 && rtp.ExtensionLength % 4 == 0 && rtp.ExtensionOffset + rtp.ExtensionLength == rtp.PayloadOffset, "extension block misplaced", i, packet);
        }
        else
        {
            FuzzFailure.Check(rtp.ExtensionOffset == -1 && rtp.PayloadOffset == csrcEnd, "extension reported without the X bit", i, packet);
        }

        FuzzFailure.Check(
            rtp.SequenceNumber == BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) && rtp.Ssrc == BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) && rtp.PayloadType == (packet[1] & 0x7F),
            "fixed header fields misread",
            i,
            packet);

        if (rtp.ExtensionOffset < 0) return 0;
        var found = 0;
        var block = packet.Slice(rtp.ExtensionOffset, rtp.ExtensionLength);
        // One-byte ids are 1..14; two-byte ids go to 255, so probe the low ids and the ids the block names.
        for (var id = 1; id < 16; id++) found += CheckExtension(packet, block, rtp, id, i);
        for (var k = 0; k < block.Length; k++)
        {
            if (block[k] > 15) found += CheckExtension(packet, block, rtp, block[k], i);
        }

        return found;
    }

    private static int CheckExtension(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> block, RtpPacket rtp, int id, int i)
    {
        if (!rtp.TryGetExtension(packet, id, out var value)) return 0;
        FuzzFailure.Check(FuzzFailure.Within(block, value) && (!value.IsEmpty || (rtp.ExtensionProfile & 0xFFF0) == 0x1000), "extension value outside the extension block", i, packet);
        FuzzFailure.Check(rtp.ExtensionProfile == 0xBEDE ? id <= 14 && value.Length is >= 1 and <= 16 : value.Length <= 255, "extension length impossible for its form", i, packet);
        return 1;
    }
}
