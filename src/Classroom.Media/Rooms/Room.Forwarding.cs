using System.Collections.Frozen;
using Classroom.Media.Sfu;
using Classroom.Media.Sfu.Congestion;

namespace Classroom.Media.Rooms;

// What each receiver gets forwarded: its preferences (audio only, low, last-N), the room's featured
// participants (the teacher) and speakers. Decided here, off the packet path, under the session's
// gate; applied by pausing and resuming consumers (see Consumer.Forwarding) and capping their layer.

public sealed partial class Room
{
    private FrozenSet<string> _featured = FrozenSet<string>.Empty;
    private DominantSpeaker? _speakers;
    private long _speakerWindowStart;
    private TimeSpan _speakerClock;

    /// <summary>Who speaks now and spoke before (current first); empty until someone spoke.</summary>
    public IReadOnlyList<string> Speakers
    {
        get
        {
            lock (_speakerLock) return _speakers is { } s ? [.. s.Recent] : [];
        }
    }

    private readonly Lock _speakerLock = new();

    /// <summary>
    /// Sets what a page receives. Applied at once: paused videos stop with the next packet, resumed ones
    /// start at the next key frame the relay asks for. Works before the page subscribes too.
    /// </summary>
    public void SetReceivePreferences(string sessionId, string participantId, ReceivePreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        if (!Enum.IsDefined(preferences.Mode) || preferences.MaxVideos < 0)
            throw new MediaControlException(MediaControlError.BadPreferences, "Unknown receive mode or a negative video count.");
        var session = _relay.SessionFor(this, sessionId, participantId);
        lock (session.Gate) session.Preferences = preferences;
        Reforward(session);
    }

    /// <summary>What the host last asked a page of this room to receive (null: no such session).</summary>
    public ReceivePreferences? PreferencesOf(string sessionId) => _relay.FindSession(this, sessionId)?.Preferences;

    /// <summary>The participants whose cameras every receiver gets right after the screens (the teacher and co-teachers).</summary>
    public void SetFeatured(IEnumerable<string> participantIds)
    {
        Volatile.Write(ref _featured, participantIds.ToFrozenSet(StringComparer.Ordinal));
        ReforwardAll();
    }

    /// <summary>
    /// The allocator's verdict on a page's link: collapsed (not even the lowest video fits) forces audio
    /// only, whatever the page chose, and the host tells the student so; false gives their choice back.
    /// </summary>
    public void SetLinkCollapsed(string sessionId, bool collapsed)
    {
        if (_relay.FindSession(this, sessionId) is not { } session) return;
        lock (session.Gate) session.LinkCollapsed = collapsed;
        Reforward(session);
    }

    /// <summary>The relay's tick: takes a window of loudness, moves the speaker if someone is clearly louder, and reapplies every receiver.</summary>
    internal void TickForwarding()
    {
        var now = _relay.Time.GetTimestamp();
        var loudness = new List<(string, long)>();
        foreach (var producer in Router.Producers)
        {
            if (producer.Kind == MediaKind.Audio && !producer.Closed) loudness.Add((producer.ParticipantId, producer.Speech.TakeWindow()));
        }
        lock (_speakerLock)
        {
            _speakers ??= new DominantSpeaker(_relay.Options.SpeakerSwitchAfter);
            // The first window of a room is taken as one report interval long.
            var window = _speakerWindowStart == 0 ? _relay.Options.ReportInterval : _relay.Time.GetElapsedTime(_speakerWindowStart, now);
            _speakerClock += window;
            foreach (var gone in _speakers.Recent.Where(id => !loudness.Any(l => l.Item1 == id)).ToList()) _speakers.Forget(gone);
            _speakers.Update(_speakerClock, window, loudness);
            _speakerWindowStart = now;
        }
        ReforwardAll();
    }

    private void ReforwardAll()
    {
        foreach (var session in _relay.SessionsOf(this).ToList()) Reforward(session);
    }

    /// <summary>Decides and applies one page's forwarding; tells the host when the forwarded set changed.</summary>
    internal void Reforward(Session session)
    {
        ForwardedTracks? changed = null;
        lock (session.Gate)
        {
            if (session.Receiving is not { } receiving || session.Closed) return;
            var preferences = session.Preferences;
            var audioOnly = session.LinkCollapsed || preferences.Mode == ReceiveMode.AudioOnly;
            var videos = receiving.Subscription.Sections.Select(s => s.Consumer).Where(c => c is { Producer.IsVideo: true }).Select(c => c!).ToList();
            HashSet<Producer> selected = audioOnly ? [] : LastNSelection.Select(videos.Select(c => c.Producer).ToList(), preferences.MaxVideos, Volatile.Read(ref _featured), Speakers, Router.Grants);
            var forwarded = new List<string>();
            var paused = new List<string>();
            var featured = Volatile.Read(ref _featured);
            foreach (var consumer in videos)
            {
                consumer.Priority = consumer.Producer.Kind == MediaKind.Screen ? SendPriority.Screen
                    : featured.Contains(consumer.Producer.ParticipantId) ? SendPriority.Featured : SendPriority.Video;
                consumer.MaxLayer = preferences.Mode == ReceiveMode.Low || (preferences.CamerasAsThumbnails && consumer.Producer.Kind == MediaKind.Video) ? 0 : Consumer.AnyLayer;
                if (selected.Contains(consumer.Producer))
                {
                    forwarded.Add(consumer.Producer.TrackId);
                    if (consumer.Resume() && receiving.Peer.State == Transport.PeerState.Connected) Router.RequestKeyframe(consumer.Producer);
                }
                else
                {
                    paused.Add(consumer.Producer.TrackId);
                    consumer.Pause();
                }
            }
            var report = (string.Join(',', forwarded), string.Join(',', paused), session.LinkCollapsed);
            if (session.Reported != report)
            {
                session.Reported = report;
                changed = new ForwardedTracks(Id, session.Id, session.ParticipantId, forwarded, paused, session.LinkCollapsed);
            }
        }
        if (changed is not null) _relay.RaiseForwardingChanged(changed);
    }
}
