using Classroom.Core.Live;
using Classroom.Core.Participants;
using Classroom.Media.Sfu;

namespace Classroom.Server.Moderation;

/// <summary>
/// The permission model as the media relay reads it: a room's grants, rebuilt from Core's state
/// under the room's lock whenever someone joins, leaves or is moderated, and pushed to the relay
/// whole. The relay's packet path reads the latest snapshot and never calls back into the host.
/// </summary>
public static class MediaPolicy
{
    /// <summary>Recomputes a room's grants from Core's state. Caller holds the room's lock.</summary>
    public static MediaGrants GrantsOf(LiveLesson live) =>
        new(live.Present.Select(p => KeyValuePair.Create(p.Id,
            (p.Speaking ? MediaGrant.Audio : MediaGrant.None)
            | (p.CameraOn ? MediaGrant.Video : MediaGrant.None)
            | (p.Permissions.HasFlag(Permissions.ShareScreen) && live.Rules.ScreenSharerId == p.Id ? MediaGrant.Screen : MediaGrant.None))));
}
