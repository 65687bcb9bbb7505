namespace Classroom.Core.Moderation.Bans;

/// <summary>
/// Which lessons a ban holds in: a lesson ban only in the lesson where it was given, a cabinet ban in
/// every lesson of that cabinet (live now, waiting for its window, or scheduled later). The host
/// asks this to pick the loaded rooms a new or lifted ban must reach; storage asks the same question
/// in SQL when a room loads.
/// </summary>
public static class BanReach
{
    public static bool Reaches(BanScope scope, Guid givenInLesson, Guid givenInCabinet, Guid lessonId, Guid lessonCabinet) =>
        scope == BanScope.Cabinet ? givenInCabinet == lessonCabinet : givenInLesson == lessonId;
}
