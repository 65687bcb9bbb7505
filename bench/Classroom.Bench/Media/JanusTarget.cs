using System.Net;
using Classroom.Bench.Janus;
using Classroom.LinkEmulator;
using Classroom.Testing.Media;

namespace Classroom.Bench.Media;

/// <summary>
/// Janus 1.1 VideoRoom, reached with the same synthetic peers as our relay: one publisher, N
/// subscribers to its feed, each with its own Janus session (as N browsers would have). Janus will
/// not use 127.0.0.1 for ICE, so the peers sit on this host's own address (the kernel still
/// delivers that traffic over the loopback device; nothing leaves the machine).
/// </summary>
public sealed class JanusTarget : IForwardingTarget
{
    public string Name => "janus";

    public async Task<IForwardingPath> ConnectAsync(ForwardingRequest request, IReceiverSink receivers, CancellationToken cancellationToken)
    {
        var path = new JanusPath();
        try
        {
            await path.ConnectAsync(request, receivers, cancellationToken);
            return path;
        }
        catch
        {
            await path.DisposeAsync();
            throw;
        }
    }

    private sealed class JanusPath : IForwardingPath
    {
        private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
        private readonly List<JanusVideoRoomClient> _clients = [];
        private readonly List<SyntheticPeer> _peers = [];
        private readonly List<UdpLinkProxy> _links = [];
        private JanusServer? _janus;
        private SyntheticPeer? _publisher;

        public int ProcessId => _janus!.Process.Id;
        public uint VideoSsrc { get; } = (uint)Random.Shared.Next(1, int.MaxValue);
        public uint AudioSsrc { get; } = (uint)Random.Shared.Next(1, int.MaxValue);
        public byte VideoPayloadType { get; private set; } = 96;
        public byte AudioPayloadType { get; private set; } = 111;

        public async Task ConnectAsync(ForwardingRequest request, IReceiverSink receivers, CancellationToken cancellationToken)
        {
            _janus = await JanusServer.StartAsync(new JanusServerOptions(), cancellationToken);
            var publisherApi = await JanusVideoRoomClient.ConnectAsync(_janus.BaseUrl, _http, cancellationToken: cancellationToken);
            _clients.Add(publisherApi);
            var room = await publisherApi.CreateRoomAsync(new JanusRoomOptions { Bitrate = 0 }, cancellationToken);
            _publisher = new SyntheticPeer(_janus.PeerAddress);
            _peers.Add(_publisher);
            var publication = await publisherApi.PublishAsync(room, _publisher.CreateOffer(request.Audio ? AudioSsrc : null, VideoSsrc), "teacher", cancellationToken);
            VideoPayloadType = (byte)(SyntheticSdp.PayloadType(publication.AnswerSdp, "video", "VP8") ?? 96);
            AudioPayloadType = (byte)(SyntheticSdp.PayloadType(publication.AnswerSdp, "audio", "opus") ?? 111);
            await _publisher.ConnectAsync(publication.AnswerSdp, cancellationToken);
            await publisherApi.WebRtcUp.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);

            using var gate = new SemaphoreSlim(8);
            await Task.WhenAll(Enumerable.Range(0, request.Subscribers).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    await SubscribeAsync(room, publication.FeedId, request, i, receivers, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        private async Task SubscribeAsync(long room, long feed, ForwardingRequest request, int index, IReceiverSink receivers, CancellationToken cancellationToken)
        {
            var api = await JanusVideoRoomClient.ConnectAsync(_janus!.BaseUrl, _http, cancellationToken: cancellationToken);
            lock (_clients) _clients.Add(api);
            var offer = await api.SubscribeAsync(room, feed, cancellationToken);
            var peer = receivers.NewPeer(_janus.PeerAddress, request, index);
            lock (_peers) _peers.Add(peer);
            var answer = peer.CreateAnswer(offer);
            var remote = offer;
            if (request.Link is { } link)
            {
                var proxy = UdpLinkProxy.Start(new IPEndPoint(_janus.PeerAddress, 0), CandidateRewrite.FirstCandidate(offer), link,
                    new LinkProxyOptions { UpstreamBindAddress = _janus.PeerAddress });
                lock (_links) _links.Add(proxy);
                remote = CandidateRewrite.PointAt(offer, proxy.LocalEndPoint);
                // Without our host candidate Janus can only reach us the way our checks came: through the link.
                answer = string.Join("\r\n", answer.Split("\r\n").Where(l => !l.StartsWith("a=candidate:", StringComparison.Ordinal)));
            }
            await api.StartAsync(answer, cancellationToken);
            await peer.ConnectAsync(remote, cancellationToken);
            await api.WebRtcUp.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        }

        public bool Send(ReadOnlySpan<byte> packet) => _publisher!.SendRtp(packet);

        public async ValueTask DisposeAsync()
        {
            foreach (var peer in _peers) await peer.DisposeAsync();
            foreach (var client in _clients) await client.DisposeAsync();
            foreach (var link in _links) await link.DisposeAsync();
            if (_janus is not null) await _janus.DisposeAsync();
            _http.Dispose();
        }
    }
}
