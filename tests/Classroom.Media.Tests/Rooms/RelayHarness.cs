using System.Buffers.Binary;
using System.Net;
using Classroom.Media.Rooms;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Testing.Media;

namespace Classroom.Media.Tests.Rooms;

/// <summary>
/// A relay on loopback driven as a host drives it, with synthetic browsers (real ICE, DTLS and SRTP
/// over UDP) on the other side. Records the relay's events.
/// </summary>
internal sealed class RelayHarness : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly List<SyntheticPeer> _peers = [];
    private readonly List<Guid> _tracksChanged = [];
    private readonly List<TransportGone> _gone = [];

    public RelayHarness(TimeProvider? time = null, Action<RelayOptions>? configure = null)
    {
        var options = new RelayOptions { BindAddress = "127.0.0.1", UdpPort = 0 };
        configure?.Invoke(options);
        Relay = new Relay(options, time ?? TimeProvider.System);
        Relay.TracksChanged += id => { lock (_tracksChanged) _tracksChanged.Add(id); };
        Relay.TransportGone += gone => { lock (_gone) _gone.Add(gone); };
        Relay.Start();
    }

    public Relay Relay { get; }

    public IReadOnlyList<Guid> TracksChanged
    {
        get
        {
            lock (_tracksChanged) return [.. _tracksChanged];
        }
    }

    public IReadOnlyList<TransportGone> Gone
    {
        get
        {
            lock (_gone) return [.. _gone];
        }
    }

    /// <summary>A synthetic browser on loopback; over ICE-TCP when <paramref name="overTcp"/> (as where UDP is blocked).</summary>
    public SyntheticPeer NewPeer(bool overTcp = false)
    {
        var peer = new SyntheticPeer(IPAddress.Loopback, overTcp);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>The page goes away without a word: its socket closes, so it answers nothing and sends no consent checks.</summary>
    public async Task VanishAsync(SyntheticPeer peer)
    {
        _peers.Remove(peer);
        await peer.DisposeAsync();
    }

    /// <summary>A page publishes: its offer answered by the room, then ICE, DTLS and SRTP.</summary>
    public async Task<SyntheticPeer> PublishAsync(Room room, string session, string participant, uint? audio, uint? video, bool overTcp = false)
    {
        var peer = NewPeer(overTcp);
        var answer = room.Publish(session, participant, peer.CreateOffer(audio, video));
        await peer.ConnectAsync(answer, CancellationToken.None);
        return peer;
    }

    /// <summary>A page receives: the room's offer answered by the page, then ICE, DTLS and SRTP.</summary>
    public async Task<(SyntheticPeer Peer, ReceiveOffer Offer)> SubscribeAsync(Room room, string session, string participant, bool overTcp = false)
    {
        var offer = room.Subscribe(session, participant);
        Assert.NotNull(offer.Sdp);
        var peer = NewPeer(overTcp);
        room.AcceptAnswer(session, offer.Version, peer.CreateAnswer(offer.Sdp!));
        await peer.ConnectAsync(offer.Sdp!, CancellationToken.None);
        return (peer, offer);
    }

    /// <summary>The SSRC the relay gave the receiver for this participant's track of this kind.</summary>
    public static uint OfferedSsrc(ReceiveOffer offer, string participant, MediaKind kind)
    {
        var mid = offer.Sections.Single(s => s.ParticipantId == participant && s.Kind == kind).Mid;
        Assert.True(SessionDescription.TryParse(offer.Sdp, out var sdp, out _));
        return sdp.Media.Single(m => m.Mid == mid).Ssrcs.Single();
    }


    public static long Count(SyntheticPeer peer, uint ssrc) => peer.ReceivedBySsrc.GetValueOrDefault(ssrc);

    /// <summary>Waits (in real time, bounded) for something the relay does on its own loop.</summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    public static MediaGrants Grants(params (string Participant, MediaGrant Grant)[] grants) =>
        new(grants.Select(g => KeyValuePair.Create(g.Participant, g.Grant)));

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers) await peer.DisposeAsync();
        await Relay.DisposeAsync();
    }
}
