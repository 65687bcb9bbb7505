using System.Collections.Frozen;

namespace Classroom.Media.Sfu;

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
/// Who in a room may send which kind of media: an immutable snapshot the host builds whenever
/// moderation changes it and pushes whole to the room. The packet path reads the room's current
/// snapshot (one volatile read and a dictionary lookup) and never calls into the host. Anyone not in
/// the snapshot may send nothing.
/// </summary>
public sealed class MediaGrants
{
    private readonly FrozenDictionary<string, MediaGrant> _byParticipant;

    public MediaGrants(IEnumerable<KeyValuePair<string, MediaGrant>> grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        _byParticipant = grants.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Nobody may send anything (a room before its first snapshot).</summary>
    public static MediaGrants None { get; } = new([]);

    /// <summary>Participants the snapshot names (with or without a grant).</summary>
    public int Count => _byParticipant.Count;

    public MediaGrant Of(string participantId) => _byParticipant.GetValueOrDefault(participantId);

    public bool Allows(string participantId, MediaKind kind) =>
        _byParticipant.TryGetValue(participantId, out var grant) && (grant & FlagOf(kind)) != 0;

    private static MediaGrant FlagOf(MediaKind kind) => kind switch
    {
        MediaKind.Audio => MediaGrant.Audio,
        MediaKind.Video => MediaGrant.Video,
        MediaKind.Screen => MediaGrant.Screen,
        _ => MediaGrant.None,
    };
}
