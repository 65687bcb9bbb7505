// Robustness of every RTCP parser and the compound reader: arbitrary and mutated input must be
// refused or accepted without exceptions, and whatever is accepted must enumerate and re-serialize.
using Classroom.Media.Rtcp;
using static Classroom.Media.Tests.Rtcp.RtcpBytes;

namespace Classroom.Media.Tests.Rtcp;

public sealed class RtcpRandomInputTests
{
    private static readonly byte[][] Seeds =
    [
        Hex("81c8000c 902f9e2e da8bd1fc dddddddd 00000002 00000003 00000004 bc5e9a40 05fffffe 00000007 00000008 00000009 0000000a"),
        Hex("81c90007 902f9e2e bc5e9a40 05fffffe 00000007 00000008 00000009 0000000a"),
        Hex("81ce0002 00000001 00000002"),
        Hex("84ce0004 00000001 00000000 11223344 05000000"),
        Hex("81cd0004 00000001 00000002 fffe8003 00100000"),
        Hex("8fce0005 00000001 00000000 52454d42 012803e8 11223344"),
    ];

    [Fact]
    public void Random_and_mutated_buffers_never_throw()
    {
        var random = new Random(20250214);
        var buffer = new byte[256];
        var output = new byte[1024];
        var accepted = 0;
        for (var i = 0; i < 250_000; i++)
        {
            int length;
            if ((i & 1) == 0)
            {
                length = random.Next(0, 129);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 0 && (i & 2) == 0) buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // get past the version check
                if (length > 3 && (i & 4) == 0) buffer[1] = (byte)random.Next(200, 207); // a known type
                if (length > 3 && (i & 8) == 0) buffer[3] = (byte)((length / 4) - 1); // a consistent length
                if (length > 3 && (i & 8) == 0) buffer[2] = 0;
            }
            else
            {
                var seed = Seeds[random.Next(Seeds.Length)];
                seed.CopyTo(buffer, 0);
                length = seed.Length;
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }

                length = Math.Clamp(length + random.Next(-3, 4), 0, buffer.Length);
            }

            accepted += Exercise(buffer.AsSpan(0, length), output);
        }

        Assert.True(accepted > 1000, $"only {accepted} accepted: the mutations never reach the deep paths");
    }

    private static int Exercise(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var accepted = 0;
        if (RtcpHeader.TryParse(input, out var header0)) Assert.True(input.Length >= RtcpHeader.Size && header0.PacketLength >= 4);
        if (SenderReport.TryParse(input, out var sr))
        {
            foreach (var block in sr.Reports) _ = block.CumulativeLost;
            AssertRoundTrip(input, sr.WriteTo(output), output);
            accepted++;
        }

        if (ReceiverReport.TryParse(input, out var rr))
        {
            foreach (var block in rr.Reports) _ = block.Jitter;
            AssertRoundTrip(input, rr.WriteTo(output), output);
            accepted++;
        }

        if (PictureLossIndication.TryParse(input, out var pli))
        {
            AssertRoundTrip(input, pli.WriteTo(output), output);
            accepted++;
        }

        if (FullIntraRequest.TryParse(input, out var fir))
        {
            foreach (var entry in fir.Entries) _ = entry.SequenceNumber;
            Assert.Equal(fir.MarshalSize, fir.WriteTo(output));
            accepted++;
        }

        if (GenericNack.TryParse(input, out var nack))
        {
            var lost = 0;
            foreach (var seq in nack.LostSequenceNumbers) lost++;
            Assert.InRange(lost, nack.Pairs.Count, 17 * nack.Pairs.Count);
            AssertRoundTrip(input, nack.WriteTo(output), output);
            accepted++;
        }

        if (ReceiverEstimatedMaxBitrate.TryParse(input, out var remb))
        {
            foreach (var ssrc in remb.Ssrcs) _ = ssrc.Ssrc;
            Assert.Equal(remb.MarshalSize, remb.WriteTo(output));
            accepted++;
        }

        var reader = new RtcpReader(input);
        var consumed = 0;
        while (reader.TryRead(out var header, out var packet))
        {
            Assert.Equal(header.PacketLength, packet.Length);
            consumed += packet.Length;
        }

        Assert.Equal(consumed, reader.Offset);
        Assert.True(reader.Error != RtcpReadError.None || consumed == input.Length);
        return accepted;
    }

    // Without padding, a parsed packet must write back exactly the bytes it came from.
    private static void AssertRoundTrip(ReadOnlySpan<byte> input, int written, ReadOnlySpan<byte> output)
    {
        if ((input[0] & 0x20) != 0) return;
        Assert.Equal(input.Length, written);
        Assert.True(input.SequenceEqual(output[..written]));
    }
}
