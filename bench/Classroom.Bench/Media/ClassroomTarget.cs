using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Classroom.Bench.Infrastructure;
using Classroom.Contracts;
using Classroom.LinkEmulator;
using Classroom.Testing.Hub;
using Classroom.Testing.Media;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Media;

/// <summary>
/// Our relay, reached the way the web client reaches it: a teacher publishes her camera through
/// the hub (PublishMedia), students subscribe (SubscribeMedia/AnswerMedia); every media connection is
/// a synthetic browser doing real ICE, DTLS and SRTP.
/// </summary>
public sealed class ClassroomTarget(IPAddress? address = null) : IForwardingTarget
{
    public string Name => "classroom";

    public async Task<IForwardingPath> ConnectAsync(ForwardingRequest request, IReceiverSink receivers, CancellationToken cancellationToken)
    {
        var path = new ClassroomPath();
        try
        {
            await path.ConnectAsync(address ?? IPAddress.Loopback, request, receivers, cancellationToken);
            return path;
        }
        catch
        {
            await path.DisposeAsync();
            throw;
        }
    }

    private sealed class ClassroomPath : IForwardingPath
    {
        private readonly List<HubClient> _clients = [];
        private readonly List<SyntheticPeer> _peers = [];
        private readonly List<UdpLinkProxy> _links = [];
        private ServerProcess? _server;
        private SyntheticPeer? _publisher;

        public int ProcessId => _server!.ProcessId;

        /// <summary>The relay's own count (Relay.Counters, exported at /metrics): bytes its receive loop threads allocated.</summary>
        public async Task<long?> LoopAllocatedBytesAsync(CancellationToken cancellationToken)
        {
            using var http = _server!.NewHttpClient();
            var metrics = await http.GetStringAsync("/metrics", cancellationToken);
            var match = Regex.Match(metrics, @"^classroom_media_loop_allocated_bytes_total(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline);
            return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        public uint VideoSsrc { get; } = (uint)Random.Shared.Next(1, int.MaxValue);
        public uint AudioSsrc { get; } = (uint)Random.Shared.Next(1, int.MaxValue);

        public async Task ConnectAsync(IPAddress address, ForwardingRequest request, IReceiverSink receivers, CancellationToken cancellationToken)
        {
            _server = await BenchServer.StartAsync(address, cancellationToken: cancellationToken);
            using var school = await BenchSchool.CreateAsync(_server, cancellationToken);
            var lesson = await school.LessonAsync(1, request.Displays ? 1 : request.Subscribers, request.Displays ? request.Subscribers : 0, cancellationToken);
            var teacher = school.TeacherClient(_server.BaseAddress, lesson.Lesson.Id);
            _clients.Add(teacher);
            await teacher.EnterAsync(cancellationToken);
            _publisher = new SyntheticPeer(address);
            _peers.Add(_publisher);
            var offer = request.Audio ? _publisher.CreateOffer(AudioSsrc, VideoSsrc) : _publisher.CreateOffer(null, VideoSsrc);
            MediaTrackLabel[] labels = request.Audio
                ? [new("0", MediaSources.Microphone), new("1", MediaSources.Camera)]
                : [new("1", MediaSources.Camera)];
            var answer = await teacher.PublishMediaAsync(offer, labels, cancellationToken);
            await _publisher.ConnectAsync(answer.Sdp, cancellationToken);

            // Receivers join and connect a few at a time, as a class does when the bell rings.
            var credentials = request.Displays ? lesson.DisplayTokens : lesson.Codes;
            using var gate = new SemaphoreSlim(8);
            await Task.WhenAll(credentials.Select(async (credential, i) =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    await SubscribeAsync(address, credential, request, i, receivers, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        private async Task SubscribeAsync(
            IPAddress address, string credential, ForwardingRequest request, int index, IReceiverSink receivers, CancellationToken cancellationToken)
        {
            var student = request.Displays ? BenchSchool.Display(_server!.BaseAddress, credential) : BenchSchool.Student(_server!.BaseAddress, credential);
            lock (_clients) _clients.Add(student);
            await student.EnterAsync(cancellationToken);
            var peer = receivers.NewPeer(address, request, index);
            lock (_peers) _peers.Add(peer);
            var subscription = await student.SubscribeMediaAsync(cancellationToken);
            if (subscription.Sdp is null) throw new InvalidOperationException("The relay offered nothing to receive: the teacher's camera is not published.");
            await student.AnswerMediaAsync(subscription.Version, peer.CreateAnswer(subscription.Sdp), cancellationToken);
            var remote = subscription.Sdp;
            if (request.Link is { } link)
            {
                var proxy = UdpLinkProxy.Start(new IPEndPoint(address, 0), CandidateRewrite.FirstCandidate(remote), link);
                lock (_links) _links.Add(proxy);
                remote = CandidateRewrite.PointAt(remote, proxy.LocalEndPoint);
            }
            await peer.ConnectAsync(remote, cancellationToken);
        }

        public bool Send(ReadOnlySpan<byte> packet) => _publisher!.SendRtp(packet);

        public async ValueTask DisposeAsync()
        {
            foreach (var peer in _peers) await peer.DisposeAsync();
            foreach (var client in _clients) await client.DisposeAsync();
            foreach (var link in _links) await link.DisposeAsync();
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}
