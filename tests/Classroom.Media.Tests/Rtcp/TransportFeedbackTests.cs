using Classroom.Media.Rtcp;
using static Classroom.Media.Tests.Rtcp.RtcpBytes;

namespace Classroom.Media.Tests.Rtcp;

public sealed class TransportFeedbackTests
{
    // FMT=15 PT=205 len 6, sender 1, media 2; base 0001, count 3, reference 1 (64 ms), fb count 0;
    // one two-bit vector chunk 11|01 00 10 00 00 00 00 (small, lost, large); deltas 04 (+1 ms) and
    // fff8 (-2 ms); one zero byte of padding.
    private const string Mixed = "8fcd0006 00000001 00000002 00010003 00000100 d20004ff f8000000";

    private static List<TransportFeedback.Result> Results(TransportFeedback feedback)
    {
        var list = new List<TransportFeedback.Result>();
        foreach (var result in feedback.Results) list.Add(result);
        return list;
    }

    [Fact]
    public void Hand_built_feedback_decodes_small_lost_and_negative_deltas()
    {
        Assert.True(TransportFeedback.TryParse(Hex(Mixed), out var feedback));
        Assert.Equal((1u, 2u, (ushort)1, 3, 1, (byte)0),
            (feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequence, feedback.StatusCount, feedback.ReferenceTime, feedback.FeedbackCount));
        Assert.Equal(
            [new(1, true, 65_000), new(2, false, 0), new(3, true, 63_000)],
            Results(feedback));
    }

    [Fact]
    public void Written_feedback_round_trips_runs_vectors_losses_and_the_sequence_wrap()
    {
        // 20 arrivals 1 ms apart (a run of small deltas), then alternating loss (vectors), then a
        // 100 ms gap (a large delta), starting just below the 16-bit wrap.
        var arrivals = new List<long>();
        long t = 5 * 64_000 + 3_250;
        arrivals.Add(-1); // a loss before the first arrival is reported too
        for (var i = 0; i < 20; i++) arrivals.Add(t += 1_000);
        for (var i = 0; i < 9; i++) arrivals.Add(i % 2 == 0 ? -1 : t += 500);
        arrivals.Add(t += 100_000);
        arrivals.Add(-1);
        arrivals.Add(t += 250);
        var buffer = new byte[1200];
        var length = TransportFeedback.Write(buffer, 9, 10, 0xfff0, 7, arrivals.ToArray());
        Assert.True(length > 0 && length % 4 == 0);

        Assert.True(TransportFeedback.TryParse(buffer.AsSpan(0, length), out var feedback));
        Assert.Equal((9u, 10u, (ushort)0xfff0, arrivals.Count, (byte)7), (feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequence, feedback.StatusCount, feedback.FeedbackCount));
        var results = Results(feedback);
        for (var i = 0; i < arrivals.Count; i++)
        {
            Assert.Equal((ushort)(0xfff0 + i), results[i].Sequence);
            Assert.Equal(arrivals[i] >= 0, results[i].Received);
            if (arrivals[i] >= 0) Assert.Equal(arrivals[i], results[i].ArrivalMicroseconds);
        }
    }

    [Fact]
    public void Writer_refuses_what_it_cannot_express()
    {
        var buffer = new byte[1200];
        Assert.Equal(0, TransportFeedback.Write(buffer, 1, 2, 0, 0, [-1, -1])); // nothing arrived: nothing to refer to
        Assert.Equal(0, TransportFeedback.Write(buffer, 1, 2, 0, 0, [0, 9_000_000])); // a delta beyond ±8.19 s
        Assert.Equal(0, TransportFeedback.Write(buffer.AsSpan(0, 20), 1, 2, 0, 0, [0, 1000, 2000]));
        Assert.Equal(0, TransportFeedback.Write(buffer, 1, 2, 0, 0, []));
    }

    [Theory]
    [InlineData("8fcd0005 00000001 00000002 00010003 00000100 d20004ff")] // the large delta is cut off
    [InlineData("8fcd0004 00000001 00000002 00010000 00000100")] // a status count of zero
    [InlineData("8fcd0005 00000001 00000002 00010003 00000100 f0000000")] // a reserved symbol
    [InlineData("8fcd0004 00000001 00000002 00010003 00000100")] // no chunk at all
    [InlineData("8fcd0005 00000001 00000002 00010003 00000100 00000000")] // a run length of zero
    public void Malformed_feedback_is_refused(string hex)
    {
        Assert.False(TransportFeedback.TryParse(Hex(hex), out _));
    }

    [Fact]
    public void A_long_run_of_losses_takes_one_chunk()
    {
        var arrivals = new long[1000];
        Array.Fill(arrivals, -1);
        arrivals[0] = 1_000;
        arrivals[^1] = 900_000;
        var buffer = new byte[1200];
        var length = TransportFeedback.Write(buffer, 1, 2, 100, 0, arrivals);
        Assert.True(length is > 0 and <= 40, $"{length} bytes");
        Assert.True(TransportFeedback.TryParse(buffer.AsSpan(0, length), out var feedback));
        var results = Results(feedback);
        Assert.Equal(1000, results.Count);
        Assert.Equal(2, results.Count(r => r.Received));
        Assert.Equal(900_000, results[^1].ArrivalMicroseconds);
    }
}
