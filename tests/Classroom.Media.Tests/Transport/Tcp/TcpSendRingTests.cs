using Classroom.Media.Transport.Tcp;

namespace Classroom.Media.Tests.Transport.Tcp;

/// <summary>The per-connection send queue: framed, in order across the ring's end, whole packets or none.</summary>
public sealed class TcpSendRingTests
{
    private static byte[] Packet(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();

    private static List<byte[]> Deframe(byte[] bytes)
    {
        var deframer = new Rfc4571Deframer();
        var frames = new List<byte[]>();
        ReadOnlySpan<byte> input = bytes;
        while (!input.IsEmpty && deframer.Next(ref input, out var frame) == DeframeResult.Frame) frames.Add(frame.ToArray());
        Assert.False(deframer.Partial);
        return frames;
    }

    [Fact]
    public void A_full_queue_drops_the_packet_whole_and_the_stream_stays_framed_across_the_rings_end()
    {
        var ring = new TcpSendRing(4000);
        Assert.True(ring.TryEnqueue(Packet(1500, 1), out var wasEmpty));
        Assert.True(wasEmpty);
        Assert.True(ring.TryEnqueue(Packet(1500, 2), out wasEmpty));
        Assert.False(wasEmpty);
        // 3004 bytes queued; 996 free: a 1000-byte packet (1002 framed) does not fit and is dropped whole.
        Assert.False(ring.TryEnqueue(Packet(1000, 3), out _));
        Assert.Equal(1, ring.Dropped);
        Assert.Equal(3004, ring.Count);

        // The writer takes the first frame and a bit: the next packet wraps around the ring's end.
        var written = new List<byte>();
        var chunk = new byte[1600];
        written.AddRange(chunk.AsSpan(0, ring.Dequeue(chunk)).ToArray());
        Assert.True(ring.TryEnqueue(Packet(1400, 4), out _));
        int n;
        while ((n = ring.Dequeue(chunk)) > 0) written.AddRange(chunk.AsSpan(0, n).ToArray());

        var frames = Deframe([.. written]);
        Assert.Equal([Packet(1500, 1), Packet(1500, 2), Packet(1400, 4)], frames);
        Assert.Equal(0, ring.Count);
        Assert.Equal(3, ring.Frames);
    }

    [Fact]
    public void An_empty_or_oversized_packet_is_refused()
    {
        var ring = new TcpSendRing(8192);
        Assert.False(ring.TryEnqueue([], out _));
        Assert.False(ring.TryEnqueue(Packet(Rfc4571Deframer.MaxFrame + 1, 1), out _));
        Assert.Equal(2, ring.Dropped);
        Assert.Equal(0, ring.Count);
    }
}
