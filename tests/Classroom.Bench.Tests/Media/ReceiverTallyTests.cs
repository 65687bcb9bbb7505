using System.Buffers.Binary;
using System.Diagnostics;
using Classroom.Bench.Media;

namespace Classroom.Bench.Tests.Media;

/// <summary>A subscriber's tally from plain packets: which stream it measures, and latency from samples only.</summary>
public sealed class ReceiverTallyTests
{
    private const uint Media = 0x11112222;
    private const uint Probe = 0x33334444;

    [Fact]
    public void The_stream_measured_is_the_one_whose_sampled_payloads_are_the_benchs_even_when_another_has_more_packets()
    {
        var tally = new ReceiverTally();
        for (var i = 0; i < 50; i++) tally.Arrived(Packet(Media, (ushort)i, streamId: 7, index: (uint)i));
        for (var i = 0; i < 200; i++) tally.Arrived(Packet(Probe, (ushort)i, streamId: null, index: 0));
        // Before any sample the busiest SSRC is all there is to go by.
        Assert.Equal(200, tally.Counts().Received);

        tally.Sampled(Packet(Probe, 3, streamId: null, index: 0));
        tally.Sampled(Packet(Media, 10, streamId: 7, index: 10));

        Assert.Equal(new SequenceCounts(50, 0, 0), tally.Counts());
        Assert.Equal(1, tally.LatencyOf(7).Count);
        Assert.Equal(0, tally.Strays);
    }

    [Fact]
    public void Latency_comes_from_the_samples_of_each_stream_and_counts_come_from_every_header()
    {
        var tally = new ReceiverTally();
        for (var i = 0; i < 100; i++)
        {
            var stream = i < 60 ? 1 : 2;
            var packet = Packet(Media, (ushort)(65500 + i), stream, (uint)i);
            tally.Arrived(packet);
            if (i % 10 == 9) tally.Sampled(packet);
        }
        tally.Arrived([0x00, 0x01]);

        Assert.Equal(new SequenceCounts(100, 0, 0), tally.Counts());
        Assert.Equal(6, tally.LatencyOf(1).Count);
        Assert.Equal(4, tally.LatencyOf(2).Count);
        Assert.Equal(0, tally.LatencyOf(3).Count);
        Assert.True(tally.LatencyOf(1).Summarize().P50 >= 0);
        Assert.Equal(1, tally.Strays);
    }

    /// <summary>A plain RTP packet; with a stream id its payload is the bench's (sent now), else zeros.</summary>
    internal static byte[] Packet(uint ssrc, ushort sequence, int? streamId, uint index)
    {
        var packet = new byte[12 + 100];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        if (streamId is { } id) BenchPayload.Write(packet.AsSpan(12), id, index, Stopwatch.GetTimestamp());
        return packet;
    }
}
