using Classroom.Bench.Media;
using Classroom.Bench.Reporting;

namespace Classroom.Bench.Scenarios.Lesson;

/// <summary>The lesson's figures per link profile, its goals, and its chart.</summary>
public static class LessonReport
{
    public static void Fill(
        ScenarioReport report, LessonSettings settings, IReadOnlyList<LessonStudent> students, ChatLedger ledger,
        IReadOnlyDictionary<string, LatencyRecorder> chatLatency, IReadOnlyList<SyntheticTrack> tracks)
    {
        var audio = tracks.Single(t => t.Profile.Kind == "audio");
        var video = tracks.Single(t => t.Profile.Kind == "video");
        var table = report.Table("per link profile", "profile", "students", "joined", "join p50 ms", "join p99 ms",
            "chat delivered %", "chat p50 ms", "chat p99 ms", "audio delivered %", "audio on time %", "audio p50 ms", "audio p99 ms", "video delivered %");
        var rows = new List<(string Name, double ChatP50, double ChatP99, double AudioP99, double ChatDelivered, double AudioOnTime)>();
        foreach (var group in students.GroupBy(s => s.Profile.Name))
        {
            var joined = group.Where(s => s.Failure is null).ToList();
            var joins = new LatencyRecorder();
            foreach (var s in joined) joins.Add(s.JoinMilliseconds);
            var joinSummary = joins.Summarize();
            var expectedChat = joined.Sum(s => ledger.ExpectedFor(s.ParticipantId));
            var deliveredChat = joined.Sum(s => ledger.DeliveredTo(s.ParticipantId));
            var chat = chatLatency[group.Key].Summarize();
            var expectedAudio = audio.Sent * group.Count();
            var expectedVideo = video.Sent * group.Count();
            var audioReceived = joined.Sum(s => s.Media.Received(audio.StreamId));
            var audioLatency = new AudioLatency(joined, audio.StreamId);
            var chatDelivered = expectedChat == 0 ? double.NaN : 100.0 * deliveredChat / expectedChat;
            var audioOnTime = expectedAudio == 0 ? double.NaN : 100.0 * audioLatency.OnTime / expectedAudio;
            table.Rows.Add([group.Key, group.Count(), joined.Count, joinSummary.P50, joinSummary.P99,
                chatDelivered, chat.P50, chat.P99,
                expectedAudio == 0 ? double.NaN : 100.0 * audioReceived / expectedAudio, audioOnTime,
                audioLatency.Summary.P50, audioLatency.Summary.P99,
                expectedVideo == 0 ? double.NaN : 100.0 * joined.Sum(s => s.Media.Received(video.StreamId)) / expectedVideo]);
            rows.Add((group.Key, chat.P50, chat.P99, audioLatency.Summary.P99, chatDelivered, audioOnTime));
            if (group.Key == "worst")
            {
                report.Goal("worst: chat delivered", chatDelivered, "100 %", deliveredChat == expectedChat && joined.Count == group.Count());
                report.Goal("worst: audio on time", audioOnTime, "≥ 99 %", audioOnTime >= 99);
            }
        }
        report.Summary["chat messages sent"] = ledger.Sent;
        report.Summary["audio packets sent"] = audio.Sent;
        report.Summary["video packets sent"] = video.Sent;
        foreach (var failed in students.Where(s => s.Failure is not null).Take(5))
            report.Notes.Add($"student {failed.Index} ({failed.Profile.Name}) did not get in: {failed.Failure}");
        report.Notes.Add("Audio on time: delivered within the link's delay + 2 × jitter + 200 ms of jitter buffer. Media has no retransmission for audio (as in WebRTC); video losses are NACK-able from the relay's cache but the synthetic receiver does not NACK.");
        Directory.CreateDirectory(settings.OutDirectory);
        report.Charts.Add(Charts.Bars(Path.Combine(settings.OutDirectory, "lesson-latency.png"), "Lesson: latency per link profile", "ms",
            rows.Select(r => r.Name).ToList(),
            [("chat p50", rows.Select(r => r.ChatP50).ToArray()), ("chat p99", rows.Select(r => r.ChatP99).ToArray()), ("audio p99", rows.Select(r => r.AudioP99).ToArray())]));
    }

    /// <summary>Audio latency and on-time count of a group of students (video excluded).</summary>
    private sealed class AudioLatency
    {
        public AudioLatency(IEnumerable<LessonStudent> students, int streamId)
        {
            var list = students.ToList();
            Summary = LatencyRecorder.Summarize(list.Select(s => s.Media.LatencyOf(streamId)));
            OnTime = list.Sum(s => s.Media.OnTimeOf(streamId));
        }

        public LatencySummary Summary { get; }
        public long OnTime { get; }
    }
}
