using System.Globalization;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Media.Transport;

namespace Classroom.Media.Rooms;

// Receiving (RFC 8829): the relay offers one section per track the session may receive, the browser
// answers. Sections are never removed, so mids stay stable across renegotiations.

public sealed partial class Room
{
    /// <summary>
    /// The relay's offer of every track the participant may receive now (never their own). The
    /// first call opens the receiving transport; <paramref name="iceRestart"/> gives it new ICE
    /// credentials (rate limited). Answer it with <see cref="AcceptAnswer"/> and the same version.
    /// </summary>
    public ReceiveOffer Subscribe(string sessionId, string participantId, bool iceRestart = false)
    {
        var session = _relay.SessionFor(this, sessionId, participantId);
        var offer = SubscribeLocked(session, participantId, iceRestart);
        // New videos start paused: the last-N and the page's preferences decide which resume.
        Reforward(session);
        return offer;
    }

    private ReceiveOffer SubscribeLocked(Session session, string participantId, bool iceRestart)
    {
        lock (session.Gate)
        {
            var socket = Socket;
            if (session.Closed || socket is null) throw new MediaControlException(MediaControlError.Stale, "The session closed meanwhile.");
            var receiving = session.Receiving;
            if (receiving is null)
            {
                var peer = AddPeer(socket, participantId);
                receiving = new ReceivingTransport(Router, peer, new Subscription(participantId, peer), NewSdpSessionId());
                peer.Owner = receiving;
                peer.Link = receiving.Subscription.Link;
                peer.Connected = _ => receiving.OnConnected();
                session.Receiving = receiving;
            }
            else if (iceRestart)
            {
                if (!session.IceRestarts.TryAcquire(_relay.Time.GetUtcNow())) throw new MediaControlException(MediaControlError.RateLimited, "Too many ICE restarts; wait a minute.");
                socket.RestartIce(receiving.Peer, string.Empty);
            }
            return Offer(receiving, participantId, session.PreferredLayer);
        }
    }

    private ReceiveOffer Offer(ReceivingTransport receiving, string participantId, int preferredLayer)
    {
        var (peer, subscription) = (receiving.Peer, receiving.Subscription);
        var live = Router.Producers.Where(p => p.ParticipantId != participantId && !p.Closed).ToList();
        var sections = subscription.Sections.ToList();
        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i].Consumer is not { } old || live.Contains(old.Producer)) continue;
            Router.Unsubscribe(old);
            peer.ForgetStream(old.OutputSsrc);
            sections[i] = sections[i] with { Consumer = null };
        }
        var covered = sections.Where(s => s.Consumer is not null).Select(s => s.Consumer!.Producer).ToHashSet();
        foreach (var producer in live.Where(p => !covered.Contains(p)))
        {
            var kind = producer.IsVideo ? "video" : "audio";
            var free = sections.FindIndex(s => s.Consumer is null && s.Kind == kind);
            if (free < 0 && sections.Count >= Relay.MaxSections) break;
            var consumer = Router.Subscribe(producer, peer, NewSsrc());
            consumer.PreferredLayer = preferredLayer;
            consumer.Link = subscription.Link;
            // A congestion-controlled subscriber starts on the lowest layer and climbs as its estimate
            // allows (GCC starts low too); before the first answer the relay assumes it will be one.
            if (subscription.Version == 0 || subscription.Link.ExtensionId > 0) consumer.TargetLayer = 0;
            if (producer.IsVideo) consumer.Pause();
            if (free >= 0) sections[free] = sections[free] with { Consumer = consumer };
            else sections.Add(new SubscriptionSection(sections.Count.ToString(CultureInfo.InvariantCulture), kind, consumer));
            if (peer.State == PeerState.Connected) Router.RequestKeyframe(producer);
        }
        if (sections.Count == 0) return new ReceiveOffer(null, subscription.Version, []);
        var version = subscription.Update(sections);
        var offer = OfferBuilder.Offer(sections, _relay.EndpointOf(Loop!, peer), receiving.SdpSessionId, version);
        var offered = sections.Where(s => s.Consumer is not null)
            .Select(s => new OfferedSection(s.Mid, s.Consumer!.Producer.TrackId, s.Consumer.Producer.ParticipantId, s.Consumer.Producer.Kind))
            .ToList();
        return new ReceiveOffer(offer.ToString(), version, offered);
    }

    /// <summary>The browser's answer to the latest offer made to this session (<paramref name="version"/> names it).</summary>
    public void AcceptAnswer(string sessionId, int version, string answerSdp)
    {
        if (_relay.FindSession(this, sessionId) is not { Receiving: not null } session)
            throw new MediaControlException(MediaControlError.BadAnswer, "Nothing was offered to this connection.");
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var error))
            throw new MediaControlException(MediaControlError.BadAnswer, $"The answer is not valid SDP: {error}");
        lock (session.Gate)
        {
            if (session.Receiving is not { } receiving)
                throw new MediaControlException(MediaControlError.BadAnswer, "Nothing was offered to this connection.");
            if (version != receiving.Subscription.Version) throw new MediaControlException(MediaControlError.Stale, "A newer offer was made; answer that one.");
            var first = answer.Media.FirstOrDefault() ?? throw new MediaControlException(MediaControlError.BadAnswer, "The answer has no media.");
            var ufrag = first.IceUfrag ?? answer.Attributes.FirstOrDefault(a => a.Name == "ice-ufrag")?.Value;
            var fingerprint = first.Fingerprint ?? answer.Attributes.FirstOrDefault(a => a.Name == "fingerprint")?.Value;
            if (string.IsNullOrEmpty(ufrag) || ufrag.Length > 256 || !DtlsCertificate.TryParseSdpFingerprint(fingerprint, out var hash))
                throw new MediaControlException(MediaControlError.BadAnswer, "The answer lacks ICE credentials or a sha-256 fingerprint.");
            if (answer.Media.Any(m => m.Setup is not null and not "active"))
                throw new MediaControlException(MediaControlError.BadAnswer, "The browser must be the DTLS client (a=setup:active).");
            if (receiving.Fingerprint is { } known && !CryptographicOperations.FixedTimeEquals(known, hash))
                throw new MediaControlException(MediaControlError.BadAnswer, "The certificate changed: start a new connection.");
            receiving.Fingerprint = hash;
            receiving.Peer.SetRemote(ufrag, hash);
            // Stamped and paced only when the browser takes transport-wide numbers and will feed them back.
            var transportCc = answer.Media.Any(m => m.Port != 0 && m.Extensions.Any(e => e.Key == HeaderExtensions.TransportCc && e.Value == HeaderExtensions.TransportCcUri));
            receiving.Subscription.Link.ExtensionId = transportCc ? HeaderExtensions.TransportCc : (byte)0;
            // Without feedback there is no estimate to climb by: such a subscriber takes what its preferences allow.
            if (!transportCc)
            {
                foreach (var consumer in receiving.Subscription.Consumers) consumer.TargetLayer = Producer.MaxLayers - 1;
            }
        }
    }

    /// <summary>SSRCs the relay picks for receivers: random, never 0 or the relay's own.</summary>
    private static uint NewSsrc()
    {
        uint ssrc;
        do ssrc = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        while (ssrc <= Router.RelaySsrc);
        return ssrc;
    }
}
