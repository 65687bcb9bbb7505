using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Live;

/// <summary>A participant present in a live lesson, on exactly one connection.</summary>
public sealed class LiveParticipant(ParticipantIdentity identity, ParticipantControls controls, string connectionId, DateTimeOffset joinedAt)
{
    public ParticipantIdentity Identity { get; } = identity;
    public string Id => Identity.Id;
    public Role Role => Identity.Role;
    public string DisplayName => Controls.Rename ?? Identity.DisplayName;
    public string ConnectionId { get; internal set; } = connectionId;
    public DateTimeOffset JoinedAt { get; internal set; } = joinedAt;

    /// <summary>The teacher's settings for this person; the same object across reconnects.</summary>
    public ParticipantControls Controls { get; } = controls;

    /// <summary>Effective permissions, recomputed by the lesson whenever a rule or control changes.</summary>
    public Permissions Permissions { get; internal set; } = RolePermissions.For(identity.Role);

    /// <summary>Whether the media relay forwards this participant's audio now.</summary>
    public bool Speaking => Permissions.HasFlag(Permissions.PublishAudio) && !Controls.MicMuted;

    /// <summary>Whether the camera is on: switched on by its owner and allowed. The relay forwards video only then.</summary>
    public bool CameraOn => Permissions.HasFlag(Permissions.PublishVideo) && !Controls.CameraOff;
}
