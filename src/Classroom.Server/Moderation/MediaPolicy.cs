using System.Collections.Frozen;
using Classroom.Core.Live;
using Classroom.Core.Participants;
using Classroom.Server.Live;

namespace Classroom.Server.Moderation;

/// <summary>What one participant may send through the relay right now.</summary>
[Flags]
public enum MediaGrant
{
    None = 0,
    Audio = 1,
    Video = 2,
    Screen = 4,
}

/// <summary>
/// The permission model as the media relay reads it: per packet, without locks. Each room keeps an
/// immutable map of grants, rebuilt under the room's lock whenever someone joins, leaves or is
/// moderated, and swapped in atomically.
/// </summary>
public sealed class MediaPolicy(LessonRooms rooms) : IMediaPolicy
{
    public bool MayForward(Guid lessonId, string participantId, MediaKind kind)
    {
        if (rooms.Find(lessonId) is not { } room || !room.MediaGrants.TryGetValue(participantId, out var grant)) return false;
        return kind switch
        {
            MediaKind.Audio => grant.HasFlag(MediaGrant.Audio),
            MediaKind.Video => grant.HasFlag(MediaGrant.Video),
            MediaKind.Screen => grant.HasFlag(MediaGrant.Screen),
            _ => false,
        };
    }

    /// <summary>Recomputes a room's grants from Core's state. Caller holds the room's lock.</summary>
    public static FrozenDictionary<string, MediaGrant> GrantsOf(LiveLesson live) =>
        live.Present.ToFrozenDictionary(p => p.Id, p =>
            (p.Speaking ? MediaGrant.Audio : MediaGrant.None)
            | (p.CameraOn ? MediaGrant.Video : MediaGrant.None)
            | (p.Permissions.HasFlag(Permissions.ShareScreen) && live.Rules.ScreenSharerId == p.Id ? MediaGrant.Screen : MediaGrant.None),
            StringComparer.Ordinal);
}
