// RFC 3550 §5.1 (fixed header, CSRC list, padding) and §5.3.1 (header extension), RFC 8285 §4.2 and
// §4.3 (one-byte and two-byte extension elements): fuzz target for RtpPacket.TryParse and
// TryGetExtension, the SRTP transforms' own header reader (which must agree on where the payload
// starts) and the relay's in-place renumbering of extension ids.
using System.Buffers.Binary;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu;
using Classroom.Media.Srtp;

namespace Classroom.Media.Fuzz.Targets;

public static class RtpTarget
{
    // A publisher whose ids differ from the relay's: mid on 9, rid on 5, abs-send-time on 3.
    private static readonly byte[] Renumbering = HeaderExtensions.MapFor(new Dictionary<int, string>
    {
        [9] = HeaderExtensions.MidUri,
        [5] = HeaderExtensions.RidUri,
        [3] = HeaderExtensions.AbsSendTimeUri,
    })!;

    public static void Run(ReadOnlySpan<byte> input)
    {
        var headerKnown = RtpHeader.TryGetLength(input, out var headerLength);
        if (!RtpPacket.TryParse(input, out var rtp)) return;
        Fuzz.Check(headerKnown && headerLength == rtp.PayloadOffset, "the SRTP header reader disagrees on where the payload starts");
        CheckParsed(input, rtp);
        if (rtp.ExtensionOffset < 0) return;

        var block = input.Slice(rtp.ExtensionOffset, rtp.ExtensionLength);
        for (var id = 0; id < 16; id++) CheckExtension(input, block, rtp, id);
        // Two-byte ids reach 255: ask for the ids the block itself names.
        foreach (var b in block)
        {
            if (b >= 16) CheckExtension(input, block, rtp, b);
        }

        // The relay renumbers in place; only the id nibbles of the one-byte elements may change.
        var copy = input.ToArray();
        HeaderExtensions.Renumber(copy, Renumbering);
        Fuzz.Check(copy.AsSpan(0, rtp.ExtensionOffset).SequenceEqual(input[..rtp.ExtensionOffset])
            && copy.AsSpan(rtp.PayloadOffset).SequenceEqual(input[rtp.PayloadOffset..]), "renumbering wrote outside the extension block");
        for (var i = rtp.ExtensionOffset; i < rtp.PayloadOffset; i++)
            Fuzz.Check((copy[i] & 0x0F) == (input[i] & 0x0F), "renumbering changed a length or a value nibble");
        Fuzz.Check(rtp.ExtensionProfile == 0xBEDE || copy.AsSpan().SequenceEqual(input), "renumbered elements that are not one-byte elements");
        Fuzz.Check(RtpPacket.TryParse(copy, out var renumbered) && renumbered == rtp, "the renumbered packet parses differently");
    }

    private static void CheckParsed(ReadOnlySpan<byte> packet, in RtpPacket rtp)
    {
        var csrcEnd = RtpPacket.FixedHeaderLength + 4 * (packet[0] & 0x0F);
        Fuzz.Check(rtp.PayloadOffset + rtp.PayloadLength + rtp.PaddingLength == packet.Length, "payload offset + payload + padding is not the length");
        Fuzz.Check(rtp.PayloadOffset >= csrcEnd && rtp.PayloadLength >= 0, "the payload overlaps the header");
        var padded = (packet[0] & 0x20) != 0;
        Fuzz.Check(padded ? rtp.PaddingLength == packet[^1] && rtp.PaddingLength > 0 : rtp.PaddingLength == 0, "padding does not match the P bit and the last byte");
        if ((packet[0] & 0x10) != 0)
            Fuzz.Check(rtp.ExtensionOffset == csrcEnd + 4 && rtp.ExtensionLength % 4 == 0 && rtp.ExtensionOffset + rtp.ExtensionLength == rtp.PayloadOffset, "the extension block is misplaced");
        else
            Fuzz.Check(rtp.ExtensionOffset == -1 && rtp.PayloadOffset == csrcEnd, "an extension without the X bit");
        Fuzz.Check(rtp.SequenceNumber == BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) && rtp.Timestamp == BinaryPrimitives.ReadUInt32BigEndian(packet[4..])
            && rtp.Ssrc == BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) && rtp.PayloadType == (packet[1] & 0x7F) && rtp.Marker == (packet[1] >= 0x80),
            "a fixed header field misread");
    }

    private static void CheckExtension(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> block, in RtpPacket rtp, int id)
    {
        if (!rtp.TryGetExtension(packet, id, out var value)) return;
        Fuzz.Check(id > 0 && Fuzz.Within(block, value), "an extension value outside the extension block");
        if (rtp.ExtensionProfile == 0xBEDE)
            Fuzz.Check(id <= 14 && value.Length is >= 1 and <= 16, "a one-byte element of impossible id or length");
        else
            Fuzz.Check((rtp.ExtensionProfile & 0xFFF0) == 0x1000 && value.Length <= 255, "an element of a profile that has none");
    }
}
