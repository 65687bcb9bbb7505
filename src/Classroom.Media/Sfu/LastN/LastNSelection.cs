namespace Classroom.Media.Sfu;

/// <summary>
/// Which videos one receiver gets when it may have at most N: screen shares first (what the teacher
/// shows), then the featured participants' cameras (the teacher's), then the speakers' cameras, the
/// current one first, then the rest in a stable order so a free slot does not wander. Videos whose
/// sender may not send now (camera off or forbidden) take no slot under a limit: they carry nothing.
/// </summary>
public static class LastNSelection
{
    /// <param name="videos">The receiver's video producers, in its section order.</param>
    /// <param name="maxVideos">N (null: no limit).</param>
    /// <param name="featured">Participants whose cameras go right after the screens.</param>
    /// <param name="speakers">The current speaker first, then earlier ones.</param>
    /// <param name="grants">Who may send what now.</param>
    public static HashSet<Producer> Select(IReadOnlyList<Producer> videos, int? maxVideos, IReadOnlySet<string> featured, IReadOnlyList<string> speakers, MediaGrants grants)
    {
        // Without a limit nothing is held back: a camera switched on later flows at once.
        if (maxVideos is not { } n) return [.. videos];
        var live = videos.Where(v => grants.Allows(v.ParticipantId, v.Kind)).ToList();
        var ranked = live
            .Select((video, order) => (video, order, rank: RankOf(video, featured, speakers)))
            .OrderBy(x => x.rank)
            .ThenBy(x => x.order)
            .Take(Math.Max(0, n))
            .Select(x => x.video);
        return [.. ranked];
    }

    private static int RankOf(Producer video, IReadOnlySet<string> featured, IReadOnlyList<string> speakers)
    {
        if (video.Kind == MediaKind.Screen) return 0;
        if (featured.Contains(video.ParticipantId)) return 1;
        var spoke = IndexOf(speakers, video.ParticipantId);
        return spoke >= 0 ? 2 + spoke : int.MaxValue;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value) return i;
        }
        return -1;
    }
}
