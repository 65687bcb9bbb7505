using System.Globalization;
using System.Security.Cryptography;
using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Media.Dtls;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;
using Classroom.Media.Transport;

namespace Classroom.Server.Media;

// Offer/answer for both transports of a session (RFC 8829). Publishing: the browser offers, the relay
// answers. Receiving: the relay offers what the caller may receive, the browser answers.

public sealed partial class MediaRelay
{
    /// <summary>Answers a publisher's (re)offer; announces the lesson's new track set if it changed.</summary>
    public string Publish(Guid lessonId, string participantId, string connectionId, MediaOfferRequest request)
    {
        var offer = PublishOffer.Parse(request);
        var session = SessionFor(lessonId, participantId, connectionId);
        string answerText;
        bool changed;
        lock (session.Gate)
        {
            var now = time.GetUtcNow();
            var peer = session.PublishPeer;
            if (peer is null)
            {
                peer = AddPeer(session, offer.Ufrag, offer.Fingerprint);
                peer.Owner = session;
                session.PublishPeer = peer;
                session.PublishRemoteUfrag = offer.Ufrag;
                session.PublishSessionId = NewSessionId();
                session.Publication = new Publication(participantId, peer);
            }
            else
            {
                if (!session.Renegotiations.TryAcquire(now)) throw new ClassroomException(ErrorCodes.RateLimited, "Too many renegotiations; wait a minute.");
                if (!CryptographicOperations.FixedTimeEquals(offer.Fingerprint, session.PublishFingerprint))
                    throw new ClassroomException(ErrorCodes.MediaBadOffer, "The certificate changed: start a new connection.");
                if (offer.Ufrag != session.PublishRemoteUfrag)
                {
                    if (!session.IceRestarts.TryAcquire(now)) throw new ClassroomException(ErrorCodes.RateLimited, "Too many ICE restarts; wait a minute.");
                    _socket!.RestartIce(peer, offer.Ufrag);
                    session.PublishRemoteUfrag = offer.Ufrag;
                }
            }
            session.PublishFingerprint = offer.Fingerprint;
            var answer = AnswerBuilder.Answer(offer.Sdp, EndpointOf(peer), session.PublishSessionId);
            changed = UpdateProducers(session, offer, answer);
            answerText = answer.ToString();
        }
        if (changed) Announce(lessonId);
        return answerText;
    }

    private static bool UpdateProducers(MediaSession session, PublishOffer offer, SessionDescription answer)
    {
        var publication = session.Publication!;
        var next = new List<Producer>();
        foreach (var (section, source) in offer.Sending)
        {
            var answered = answer.Media.FirstOrDefault(m => m.Mid == section.Mid);
            if (answered is null || RtpCodec.Of(answered) is not { } codec) continue;
            var kind = PublishOffer.KindOf(source);
            var ssrc = PublishOffer.SsrcOf(section);
            var kept = publication.Producers.FirstOrDefault(p => p.Mid == section.Mid && p.Kind == kind
                && p.Codec.PayloadType == codec.PayloadType && (ssrc == 0 || p.Ssrc == ssrc));
            next.Add(kept ?? new Producer(session.ParticipantId, NewTrackId(), kind, section.Mid!, codec, publication.Transport, ssrc)
            {
                ExtensionMap = HeaderExtensions.MapFor(section.Extensions),
            });
        }
        var midExtension = offer.Sending.SelectMany(s => s.Section.Extensions).FirstOrDefault(e => e.Value == HeaderExtensions.MidUri);
        publication.MidExtensionId = midExtension.Key;
        var before = publication.Producers.ToList();
        var ended = publication.Replace(next);
        foreach (var producer in ended) session.Router.Remove(producer);
        var added = next.Where(p => !before.Contains(p)).ToList();
        foreach (var producer in added) session.Router.Add(producer);
        return ended.Count > 0 || added.Count > 0;
    }

    /// <summary>Stops the caller's publishing transport and its tracks.</summary>
    public void Unpublish(string connectionId)
    {
        if (!_sessions.TryGetValue(connectionId, out var session)) return;
        bool changed;
        lock (session.Gate) changed = ClosePublishing(session);
        if (changed) Announce(session.LessonId);
    }

    /// <summary>The relay's offer of everything the caller may receive now (never their own tracks).</summary>
    public MediaSubscription Subscribe(Guid lessonId, string participantId, string connectionId, bool iceRestart)
    {
        var session = SessionFor(lessonId, participantId, connectionId);
        lock (session.Gate)
        {
            var peer = session.ReceivePeer;
            if (peer is null)
            {
                peer = AddPeer(session);
                peer.Owner = session;
                peer.Connected = OnReceiverConnected;
                session.ReceivePeer = peer;
                session.ReceiveSessionId = NewSessionId();
                session.Subscription = new Subscription(participantId, peer);
            }
            else if (iceRestart)
            {
                if (!session.IceRestarts.TryAcquire(time.GetUtcNow())) throw new ClassroomException(ErrorCodes.RateLimited, "Too many ICE restarts; wait a minute.");
                _socket!.RestartIce(peer, string.Empty);
            }
            var subscription = session.Subscription!;
            var router = session.Router;
            var live = router.Producers.Where(p => p.ParticipantId != participantId && !p.Closed).ToList();
            var sections = subscription.Sections.ToList();
            for (var i = 0; i < sections.Count; i++)
            {
                if (sections[i].Consumer is not { } old || live.Contains(old.Producer)) continue;
                router.Unsubscribe(old);
                peer.ForgetStream(old.OutputSsrc);
                sections[i] = sections[i] with { Consumer = null };
            }
            var covered = sections.Where(s => s.Consumer is not null).Select(s => s.Consumer!.Producer).ToHashSet();
            foreach (var producer in live.Where(p => !covered.Contains(p)))
            {
                var kind = producer.IsVideo ? "video" : "audio";
                var free = sections.FindIndex(s => s.Consumer is null && s.Kind == kind);
                if (free < 0 && sections.Count >= MaxSections) break;
                var consumer = router.Subscribe(producer, peer, NewSsrc());
                if (free >= 0) sections[free] = sections[free] with { Consumer = consumer };
                else sections.Add(new SubscriptionSection(sections.Count.ToString(CultureInfo.InvariantCulture), kind, consumer));
                if (peer.State == PeerState.Connected) router.RequestKeyframe(producer);
            }
            if (sections.Count == 0) return new MediaSubscription(null, subscription.Version, []);
            var version = subscription.Update(sections);
            var offer = OfferBuilder.Offer(sections, EndpointOf(peer), session.ReceiveSessionId, version);
            var mids = sections.Where(s => s.Consumer is not null)
                .Select(s => new MediaSectionView(s.Mid, s.Consumer!.Producer.TrackId, s.Consumer.Producer.ParticipantId, PublishOffer.SourceOf(s.Consumer.Producer.Kind)))
                .ToList();
            return new MediaSubscription(offer.ToString(), version, mids);
        }
    }

    /// <summary>The browser's answer to the latest subscription offer.</summary>
    public void AcceptAnswer(string connectionId, MediaAnswerRequest request)
    {
        if (!_sessions.TryGetValue(connectionId, out var session) || session.ReceivePeer is null)
            throw new ClassroomException(ErrorCodes.MediaBadAnswer, "Nothing was offered to this connection.");
        if (!SessionDescription.TryParse(request.Sdp, out var answer, out var error))
            throw new ClassroomException(ErrorCodes.MediaBadAnswer, $"The answer is not valid SDP: {error}");
        lock (session.Gate)
        {
            if (session.ReceivePeer is not { } peer || session.Subscription is not { } subscription)
                throw new ClassroomException(ErrorCodes.MediaBadAnswer, "Nothing was offered to this connection.");
            if (request.Version != subscription.Version) throw new ClassroomException(ErrorCodes.MediaStale, "A newer offer was made; answer that one.");
            var first = answer.Media.FirstOrDefault() ?? throw new ClassroomException(ErrorCodes.MediaBadAnswer, "The answer has no media.");
            var ufrag = first.IceUfrag ?? answer.Attributes.FirstOrDefault(a => a.Name == "ice-ufrag")?.Value;
            var fingerprint = first.Fingerprint ?? answer.Attributes.FirstOrDefault(a => a.Name == "fingerprint")?.Value;
            if (string.IsNullOrEmpty(ufrag) || ufrag.Length > 256 || !DtlsCertificate.TryParseSdpFingerprint(fingerprint, out var hash))
                throw new ClassroomException(ErrorCodes.MediaBadAnswer, "The answer lacks ICE credentials or a sha-256 fingerprint.");
            if (answer.Media.Any(m => m.Setup is not null and not "active"))
                throw new ClassroomException(ErrorCodes.MediaBadAnswer, "The browser must be the DTLS client (a=setup:active).");
            if (session.ReceiveFingerprint is { } known && !CryptographicOperations.FixedTimeEquals(known, hash))
                throw new ClassroomException(ErrorCodes.MediaBadAnswer, "The certificate changed: start a new connection.");
            session.ReceiveFingerprint = hash;
            peer.SetRemote(ufrag, hash);
        }
    }

    /// <summary>A receiver's DTLS finished: ask every publisher it receives for a key frame, so video starts now.</summary>
    private void OnReceiverConnected(MediaPeer peer)
    {
        if (peer.Owner is not MediaSession { Subscription: { } subscription } session) return;
        foreach (var consumer in subscription.Consumers) session.Router.RequestKeyframe(consumer.Producer);
    }

    private static string NewTrackId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>SSRCs the relay picks for receivers: random, never 0 or the relay's own.</summary>
    private static uint NewSsrc()
    {
        uint ssrc;
        do ssrc = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        while (ssrc <= Router.RelaySsrc);
        return ssrc;
    }
}
