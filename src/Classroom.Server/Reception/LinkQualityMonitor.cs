using Classroom.Contracts;
using Classroom.Core.LinkQuality;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;

namespace Classroom.Server.Reception;

/// <summary>
/// Turns the relay's per-interval measurements into each participant's link quality: the figures of
/// one page (what it publishes, from <see cref="LinkStatistics"/>; what it receives, from
/// <see cref="ReceiverStatistics"/>) are graded by Core, and a view is due when the shown level changes,
/// or every <see cref="RefreshEvery"/> for the figures on hover. One entry per media session (hub
/// connection), removed when its transports end; called from the relay's timer thread.
/// </summary>
public sealed class LinkQualityMonitor(TimeProvider time)
{
    /// <summary>Figures are sent again at most this often while the level stays the same (30 students: 6 small events a second to the teacher).</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Page> _pages = new(StringComparer.Ordinal);

    private sealed class Page(Guid lessonId, string participantId)
    {
        public Guid LessonId { get; } = lessonId;
        public string ParticipantId { get; } = participantId;
        public LinkQualityTracker Tracker { get; } = new();
        public double PublishLossPercent { get; set; }
        public double? JitterMs { get; set; }
        public ReceiverStatistics? Receiving { get; set; }
        public DateTimeOffset SentAt { get; set; } = DateTimeOffset.MinValue;
    }

    /// <summary>A publisher's tracks as the relay received them. Returns the view to send, if one is due.</summary>
    public (Guid LessonId, string SessionId, LinkQualityView View)? OnPublished(LinkStatistics statistics)
    {
        lock (_lock)
        {
            var page = PageOf(statistics.SessionId, statistics.RoomId, statistics.ParticipantId);
            page.PublishLossPercent = statistics.Tracks.Count == 0 ? 0 : statistics.Tracks.Max(t => t.FractionLost) * 100.0 / 256;
            // Jitter is in the track's clock units; the microphone's clock (Opus) runs at 48 kHz.
            page.JitterMs = statistics.Tracks.FirstOrDefault(t => t.Kind == MediaKind.Audio) is { } audio ? audio.Jitter / 48.0 : null;
            return Due(statistics.SessionId, page);
        }
    }

    /// <summary>What the relay measured of a page it sends to. Returns the view to send, if one is due.</summary>
    public (Guid LessonId, string SessionId, LinkQualityView View)? OnReceiving(ReceiverStatistics statistics)
    {
        lock (_lock)
        {
            var page = PageOf(statistics.SessionId, statistics.RoomId, statistics.ParticipantId);
            page.Receiving = statistics;
            return Due(statistics.SessionId, page);
        }
    }

    /// <summary>A page's media ended: its state goes.</summary>
    public void Forget(string sessionId)
    {
        lock (_lock) _pages.Remove(sessionId);
    }

    public int Count
    {
        get
        {
            lock (_lock) return _pages.Count;
        }
    }

    private Page PageOf(string sessionId, Guid lessonId, string participantId)
    {
        if (!_pages.TryGetValue(sessionId, out var page) || page.ParticipantId != participantId || page.LessonId != lessonId)
            _pages[sessionId] = page = new Page(lessonId, participantId);
        return page;
    }

    private (Guid, string, LinkQualityView)? Due(string sessionId, Page page)
    {
        var receiving = page.Receiving;
        var loss = Math.Max(page.PublishLossPercent, receiving?.LossPercent ?? 0);
        var figures = new LinkFigures(loss, page.JitterMs, receiving?.RttMs, receiving?.EstimateKbps);
        var changed = page.Tracker.Update(LinkGrading.Grade(figures));
        var now = time.GetUtcNow();
        if (!changed && now - page.SentAt < RefreshEvery) return null;
        page.SentAt = now;
        var view = new LinkQualityView(page.ParticipantId, ReceptionViews.NameOf(page.Tracker.Shown), Math.Round(loss, 1),
            receiving?.BytesSent ?? 0, receiving?.BytesReceived ?? 0, figures.EstimateKbps, figures.RttMs,
            figures.JitterMs is { } jitter ? Math.Round(jitter, 1) : null);
        return (page.LessonId, sessionId, view);
    }
}
