using System.Diagnostics;
using System.Net;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Media;
using Classroom.Bench.Reporting;
using Classroom.LinkEmulator;
using Classroom.Testing.Hub;
using Classroom.Testing.Media;

namespace Classroom.Bench.Scenarios.Lesson;

/// <summary>
/// One synthetic pupil behind its own emulated link: the hub connection goes through a TCP proxy and
/// the media through a UDP proxy, both shaped by the pupil's link profile.
/// </summary>
public sealed class LessonStudent : IAsyncDisposable
{
    private readonly TcpLinkProxy _signallingLink;
    private UdpLinkProxy? _mediaLink;
    private SyntheticPeer? _peer;

    public LessonStudent(int index, string code, LinkProfile profile, IPEndPoint server)
    {
        Index = index;
        Profile = profile;
        _signallingLink = TcpLinkProxy.Start(new IPEndPoint(IPAddress.Loopback, 0), server, profile);
        Client = BenchSchool.Student(_signallingLink.HttpAddress, code);
        // Audio plays from a jitter buffer: on time is within the link's own delay and jitter plus
        // the 200 ms a browser's buffer grows to on a bad line.
        var deadline = profile.Downlink.Delay + profile.Downlink.Jitter * 2 + TimeSpan.FromMilliseconds(200);
        Media = new StreamStats(deadline);
        OnTimeDeadline = deadline;
    }

    public int Index { get; }
    public LinkProfile Profile { get; }
    public HubClient Client { get; }
    public StreamStats Media { get; }
    public TimeSpan OnTimeDeadline { get; }
    public double JoinMilliseconds { get; private set; } = double.NaN;
    public string? Failure { get; private set; }
    public string ParticipantId => Client.Snapshot?.You.Id ?? string.Empty;

    /// <summary>Joins over the emulated link, then subscribes to the teacher's media through it.</summary>
    public async Task JoinAndSubscribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await Client.EnterAsync(cancellationToken);
            JoinMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var subscription = await Client.SubscribeMediaAsync(cancellationToken);
            if (subscription.Sdp is null) throw new InvalidOperationException("nothing to receive");
            _mediaLink = UdpLinkProxy.Start(new IPEndPoint(IPAddress.Loopback, 0), CandidateRewrite.FirstCandidate(subscription.Sdp), Profile);
            _peer = new SyntheticPeer(IPAddress.Loopback) { RtpReceived = packet => Media.OnRtp(packet.Span) };
            await Client.AnswerMediaAsync(subscription.Version, _peer.CreateAnswer(subscription.Sdp), cancellationToken);
            await _peer.ConnectAsync(CandidateRewrite.PointAt(subscription.Sdp, _mediaLink.LocalEndPoint), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failure = e.GetType().Name + ": " + e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_peer is not null) await _peer.DisposeAsync();
        await Client.DisposeAsync();
        if (_mediaLink is not null) await _mediaLink.DisposeAsync();
        await _signallingLink.DisposeAsync();
    }
}
