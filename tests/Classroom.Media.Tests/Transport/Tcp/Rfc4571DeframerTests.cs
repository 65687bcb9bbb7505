using Classroom.Media.Transport.Tcp;

namespace Classroom.Media.Tests.Transport.Tcp;

/// <summary>RFC 4571 framing as a TCP stream really arrives: split anywhere, several frames per read, hostile lengths.</summary>
public sealed class Rfc4571DeframerTests
{
    private static byte[] Packet(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();

    private static byte[] Framed(params byte[][] packets)
    {
        var stream = new List<byte>();
        foreach (var packet in packets)
        {
            var frame = new byte[packet.Length + 2];
            Assert.Equal(frame.Length, Rfc4571Deframer.Write(frame, packet));
            stream.AddRange(frame);
        }
        return [.. stream];
    }

    /// <summary>Feeds <paramref name="stream"/> in reads of <paramref name="chunk"/> bytes; returns the frames and the last result.</summary>
    private static (List<byte[]> Frames, DeframeResult Last) Feed(Rfc4571Deframer deframer, byte[] stream, int chunk)
    {
        var frames = new List<byte[]>();
        var last = DeframeResult.NeedMore;
        for (var offset = 0; offset < stream.Length; offset += chunk)
        {
            ReadOnlySpan<byte> input = stream.AsSpan(offset, Math.Min(chunk, stream.Length - offset));
            while (!input.IsEmpty)
            {
                last = deframer.Next(ref input, out var frame);
                if (last == DeframeResult.Frame) frames.Add(frame.ToArray());
                else if (last == DeframeResult.Invalid) return (frames, last);
                else break;
            }
        }
        return (frames, last);
    }

    [Fact]
    public void The_length_prefix_is_two_bytes_in_network_order()
    {
        var frame = new byte[3 + 2];
        Assert.Equal(5, Rfc4571Deframer.Write(frame, [0xAA, 0xBB, 0xCC]));
        // 0x0003, then the packet (RFC 4571 §2).
        Assert.Equal(new byte[] { 0x00, 0x03, 0xAA, 0xBB, 0xCC }, frame);
        Assert.Equal(0, Rfc4571Deframer.Write(new byte[4], [1, 2, 3]));
        Assert.Equal(0, Rfc4571Deframer.Write(new byte[4], []));
    }

    [Theory]
    [InlineData(1)] // a byte per read: every split point, the prefix's two bytes apart
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1499)]
    [InlineData(100_000)] // every frame in one read
    public void Frames_come_out_whole_and_in_order_however_the_stream_was_split(int chunk)
    {
        var packets = new[] { Packet(20, 1), Packet(1500, 2), Packet(1, 3), Packet(172, 4), Packet(1200, 5) };
        var (frames, last) = Feed(new Rfc4571Deframer(), Framed(packets), chunk);
        Assert.Equal(DeframeResult.Frame, last);
        Assert.Equal(packets.Length, frames.Count);
        for (var i = 0; i < packets.Length; i++) Assert.Equal(packets[i], frames[i]);
    }

    [Fact]
    public void A_truncated_frame_waits_for_the_rest_and_says_it_is_partial()
    {
        var deframer = new Rfc4571Deframer();
        var stream = Framed(Packet(100, 9));
        ReadOnlySpan<byte> first = stream.AsSpan(0, 1);
        Assert.Equal(DeframeResult.NeedMore, deframer.Next(ref first, out _));
        Assert.True(deframer.Partial); // half a length prefix counts: a slowloris can stop anywhere
        ReadOnlySpan<byte> middle = stream.AsSpan(1, 60);
        Assert.Equal(DeframeResult.NeedMore, deframer.Next(ref middle, out _));
        Assert.True(deframer.Partial);
        ReadOnlySpan<byte> rest = stream.AsSpan(61);
        Assert.Equal(DeframeResult.Frame, deframer.Next(ref rest, out var frame));
        Assert.Equal(Packet(100, 9), frame.ToArray());
        Assert.False(deframer.Partial);
    }

    [Theory]
    [InlineData(0x05, 0xDD)] // 1501: one byte over a datagram's worth
    [InlineData(0xFF, 0xFF)] // 65535: what RFC 4571 allows, and what the relay refuses to buffer
    [InlineData(0x00, 0x00)] // an empty frame
    public void A_length_beyond_a_datagram_or_zero_is_refused_for_good(byte high, byte low)
    {
        var deframer = new Rfc4571Deframer();
        var stream = Framed(Packet(10, 1)).Concat(new byte[] { high, low }).Concat(Framed(Packet(10, 2))).ToArray();
        var (frames, last) = Feed(deframer, stream, stream.Length);
        Assert.Equal(DeframeResult.Invalid, last);
        Assert.Single(frames); // the good frame before it came out; nothing after it does
        ReadOnlySpan<byte> more = Framed(Packet(10, 3));
        Assert.Equal(DeframeResult.Invalid, deframer.Next(ref more, out _));
    }
}
