using Classroom.Core.Participants;

namespace Classroom.Core.Live;

/// <summary>A participant present in a live lesson, on exactly one connection.</summary>
public sealed class LiveParticipant(ParticipantIdentity identity, string connectionId, DateTimeOffset joinedAt)
{
    public ParticipantIdentity Identity { get; } = identity;
    public string Id => Identity.Id;
    public Role Role => Identity.Role;
    public string DisplayName => Identity.DisplayName;
    public string ConnectionId { get; internal set; } = connectionId;
    public DateTimeOffset JoinedAt { get; internal set; } = joinedAt;
    public Permissions Permissions { get; } = RolePermissions.For(identity.Role);
}
