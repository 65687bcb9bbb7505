using System.Security.Cryptography;
using Classroom.Media.Sdp;
using Classroom.Media.Sfu;

namespace Classroom.Media.Rooms;

// Publishing (RFC 8829): the browser offers, the relay answers. A re-offer on the same transport adds
// or removes tracks; new ICE credentials in it restart ICE (RFC 8445 §9). Both are rate limited.

public sealed partial class Room
{
    /// <summary>
    /// Answers a page's (re)offer to publish. <paramref name="labels"/> says what each sending
    /// section carries (mid → kind); unlabelled audio is the microphone, video the camera. Raises
    /// <see cref="Relay.TracksChanged"/> when the room's tracks changed.
    /// </summary>
    public string Publish(string sessionId, string participantId, string offerSdp, IReadOnlyDictionary<string, MediaKind>? labels = null)
    {
        var offer = PublishOffer.Parse(offerSdp ?? throw new MediaControlException(MediaControlError.BadOffer, "The offer is missing."), labels);
        var session = _relay.SessionFor(this, sessionId, participantId);
        string answerText;
        bool changed;
        lock (session.Gate)
        {
            var socket = Socket;
            if (session.Closed || socket is null) throw new MediaControlException(MediaControlError.Stale, "The session closed meanwhile.");
            var now = _relay.Time.GetUtcNow();
            var publishing = session.Publishing;
            if (publishing is null)
            {
                var peer = AddPeer(socket, participantId, offer.Ufrag, offer.Fingerprint);
                publishing = new PublishingTransport(Router, peer, new Publication(participantId, peer), offer.Ufrag, NewSdpSessionId());
                peer.Owner = publishing;
                session.Publishing = publishing;
            }
            else
            {
                if (!session.Renegotiations.TryAcquire(now)) throw new MediaControlException(MediaControlError.RateLimited, "Too many renegotiations; wait a minute.");
                if (!CryptographicOperations.FixedTimeEquals(offer.Fingerprint, publishing.Fingerprint))
                    throw new MediaControlException(MediaControlError.BadOffer, "The certificate changed: start a new connection.");
                if (offer.Ufrag != publishing.RemoteUfrag)
                {
                    if (!session.IceRestarts.TryAcquire(now)) throw new MediaControlException(MediaControlError.RateLimited, "Too many ICE restarts; wait a minute.");
                    socket.RestartIce(publishing.Peer, offer.Ufrag);
                    publishing.RemoteUfrag = offer.Ufrag;
                }
            }
            publishing.Fingerprint = offer.Fingerprint;
            var answer = AnswerBuilder.Answer(offer.Sdp, _relay.EndpointOf(Loop!, publishing.Peer), publishing.SdpSessionId);
            changed = UpdateProducers(session, publishing.Publication, offer, answer);
            answerText = answer.ToString();
        }
        if (changed) _relay.RaiseTracksChanged(Id);
        return answerText;
    }

    /// <summary>Stops a session's publishing transport and its tracks (nothing if it has none).</summary>
    public void Unpublish(string sessionId)
    {
        if (_relay.FindSession(this, sessionId) is not { } session) return;
        bool closed, changed;
        lock (session.Gate)
        {
            closed = session.Publishing is not null;
            changed = ClosePublishing(session);
        }
        if (closed) _relay.Report(session, publishing: true, receiving: false, TransportGoneReason.Closed, changed);
    }

    private bool UpdateProducers(Session session, Publication publication, PublishOffer offer, SessionDescription answer)
    {
        var next = new List<Producer>();
        foreach (var (section, kind) in offer.Sending)
        {
            var answered = answer.Media.FirstOrDefault(m => m.Mid == section.Mid);
            if (answered is null || RtpCodec.Of(answered) is not { } codec) continue;
            var ssrc = PublishOffer.SsrcOf(section);
            var rids = PublishOffer.SimulcastRids(section);
            var kept = publication.Producers.FirstOrDefault(p => p.Mid == section.Mid && p.Kind == kind
                && p.Codec.PayloadType == codec.PayloadType && (ssrc == 0 || p.Ssrc == ssrc)
                && p.Layers.Select(l => l.Rid ?? string.Empty).SequenceEqual(rids.Count > 0 ? rids.Take(Producer.MaxLayers) : [string.Empty]));
            next.Add(kept ?? new Producer(session.ParticipantId, NewTrackId(), kind, section.Mid!, codec, publication.Transport, ssrc, rids, _relay.Time)
            {
                ExtensionMap = HeaderExtensions.MapFor(section.Extensions),
            });
        }
        var midExtension = offer.Sending.SelectMany(s => s.Section.Extensions).FirstOrDefault(e => e.Value == HeaderExtensions.MidUri);
        publication.MidExtensionId = midExtension.Key;
        publication.RidExtensionId = offer.Sending.SelectMany(s => s.Section.Extensions).FirstOrDefault(e => e.Value == HeaderExtensions.RidUri).Key;
        var before = publication.Producers.ToList();
        var ended = publication.Replace(next);
        foreach (var producer in ended) Router.Remove(producer);
        var added = next.Where(p => !before.Contains(p)).ToList();
        foreach (var producer in added) Router.Add(producer);
        return ended.Count > 0 || added.Count > 0;
    }

    private static ulong NewSdpSessionId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;

    private static string NewTrackId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
