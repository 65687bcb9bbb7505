using System.Net;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Media;
using Classroom.Bench.Reporting;
using Classroom.Contracts;
using Classroom.LinkEmulator;
using Classroom.Testing.Hub;
using Classroom.Testing.Media;
using Classroom.Testing.Servers;
using Spectre.Console;

namespace Classroom.Bench.Scenarios.Lesson;

public sealed record LessonSettings
{
    public int Students { get; init; } = 30;

    /// <summary>Link profiles given to the students in turn (one name: everyone on that link).</summary>
    public IReadOnlyList<LinkProfile> Profiles { get; init; } =
        [LinkProfiles.VillageAdsl, LinkProfiles.Rural3G, LinkProfiles.Satellite, LinkProfiles.Worst];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Mean time between chat messages in the whole lesson.</summary>
    public TimeSpan ChatInterval { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>The teacher's camera; set to fit the slowest link, since the relay has no per-receiver layers yet.</summary>
    public int VideoBitsPerSecond { get; init; } = 150_000;

    public int Seed { get; init; } = 1;
    public string OutDirectory { get; init; } = Path.Combine(ServerProcess.RepositoryRoot(), "bench", "results");
}

/// <summary>
/// One lesson (issue 6, scenario 1): a teacher on the school's LAN publishes audio and video; each
/// student joins at the bell behind its own emulated link (signalling and media both cross it),
/// chats, raises hands, and receives the teacher's media. Per link profile: join time, chat latency
/// and delivery ratio, audio and video delivered and on time.
/// </summary>
public static class LessonScenario
{
    public static async Task<ScenarioReport> RunAsync(LessonSettings settings, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("lesson");
        report.Parameters["students"] = settings.Students;
        report.Parameters["profiles"] = string.Join(",", settings.Profiles.Select(p => p.Name));
        report.Parameters["seconds"] = settings.Duration.TotalSeconds;
        report.Parameters["videoKbps"] = settings.VideoBitsPerSecond / 1000;
        var random = new Random(settings.Seed);

        await using var server = await BenchServer.StartAsync(cancellationToken: cancellationToken);
        using var school = await BenchSchool.CreateAsync(server, cancellationToken);
        var lesson = await school.LessonAsync(1, settings.Students, 0, cancellationToken);
        await using var teacher = school.TeacherClient(server.BaseAddress, lesson.Lesson.Id);
        await teacher.EnterAsync(cancellationToken);
        await using var camera = new SyntheticPeer(IPAddress.Loopback);
        var (audioSsrc, videoSsrc) = ((uint)random.Next(1, int.MaxValue), (uint)random.Next(1, int.MaxValue));
        var published = await teacher.PublishMediaAsync(camera.CreateOffer(audioSsrc, videoSsrc),
            [new MediaTrackLabel("0", MediaSources.Microphone), new MediaTrackLabel("1", MediaSources.Camera)], cancellationToken);
        await camera.ConnectAsync(published.Sdp, cancellationToken);

        var http = new IPEndPoint(IPAddress.Parse(server.BaseAddress.Host), server.BaseAddress.Port);
        var students = lesson.Codes.Select((code, i) => new LessonStudent(i, code, settings.Profiles[i % settings.Profiles.Count], http)).ToList();
        try
        {
            // The bell: everyone comes in within a couple of seconds.
            AnsiConsole.MarkupLine($"lesson: {students.Count} students joining over {Markup.Escape(report.Parameters["profiles"]!.ToString()!)}");
            await Task.WhenAll(students.Select(async s =>
            {
                await Task.Delay(random.Next(0, 2000), cancellationToken);
                await s.JoinAndSubscribeAsync(cancellationToken);
            }));
            var present = students.Where(s => s.Failure is null).ToList();
            var teacherId = teacher.Snapshot!.You.Id;
            var ledger = new ChatLedger();
            var chatLatency = settings.Profiles.Distinct().ToDictionary(p => p.Name, _ => new LatencyRecorder());
            var teacherLatency = new LatencyRecorder();
            foreach (var s in present)
            {
                var id = s.ParticipantId;
                var recorder = chatLatency[s.Profile.Name];
                s.Client.ChatReceived = m => ledger.Received(id, m.Text, recorder);
            }
            teacher.ChatReceived = m => ledger.Received(teacherId, m.Text, teacherLatency);

            var pacer = new Pacer();
            pacer.Add(new SyntheticTrack(1, audioSsrc, MediaStreamProfile.Audio, camera.SendRtp));
            pacer.Add(new SyntheticTrack(2, videoSsrc, MediaStreamProfile.Video(settings.VideoBitsPerSecond), camera.SendRtp));
            var media = pacer.RunAsync(settings.Duration, cancellationToken);
            var sends = await ChatAsync(settings, teacher, teacherId, present, ledger, random, cancellationToken);
            await media;
            await Task.WhenAll(sends);
            // The slowest link's queue and delay drain.
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);

            LessonReport.Fill(report, settings, students, ledger, chatLatency, pacer.Streams);
            report.Summary["teacher: chat delivered %"] = 100.0 * ledger.DeliveredTo(teacherId) / Math.Max(1, ledger.ExpectedFor(teacherId));
            report.Summary["server peak RSS MB"] = ProcessMeter.RssBytes(server.ProcessId) / 1048576.0;
            return report;
        }
        finally
        {
            foreach (var s in students) await s.DisposeAsync();
        }
    }

    /// <summary>Chat and hands for the lesson's duration: a message every so often from the teacher or a pupil.</summary>
    private static async Task<List<Task>> ChatAsync(
        LessonSettings settings, HubClient teacher, string teacherId, List<LessonStudent> present, ChatLedger ledger, Random random,
        CancellationToken cancellationToken)
    {
        var sends = new List<Task>();
        var end = DateTime.UtcNow + settings.Duration;
        var count = 0;
        while (DateTime.UtcNow < end && count++ < 100_000)
        {
            var wait = -Math.Log(1 - random.NextDouble()) * settings.ChatInterval.TotalMilliseconds;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait, settings.ChatInterval.TotalMilliseconds * 5)), cancellationToken);
            if (present.Count == 0 || random.NextDouble() < 0.25)
            {
                sends.Add(SendAsync(teacher, teacherId, ledger, cancellationToken));
                continue;
            }
            var student = present[random.Next(present.Count)];
            sends.Add(SendAsync(student.Client, student.ParticipantId, ledger, cancellationToken));
            if (random.NextDouble() < 0.2) sends.Add(student.Client.RaiseHandAsync(random.NextDouble() < 0.6, cancellationToken));
        }
        return sends;
    }

    private static async Task SendAsync(HubClient client, string senderId, ChatLedger ledger, CancellationToken cancellationToken)
    {
        var text = ledger.Next(senderId);
        try
        {
            await client.SendChatAsync(text, cancellationToken: cancellationToken);
        }
        catch (Microsoft.AspNetCore.SignalR.HubException)
        {
            // Refused by the server's own limits (rate limit, slow mode): not a lost message.
            ledger.Refused(text);
        }
    }
}
