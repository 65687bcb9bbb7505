using Classroom.Core.Participants;

namespace Classroom.Media.Sfu;

/// <summary>One incoming track: a participant's microphone, camera or screen, known by its SSRC.</summary>
public sealed class Producer(string participantId, MediaKind kind, uint ssrc)
{
    public string ParticipantId { get; } = participantId;
    public MediaKind Kind { get; } = kind;
    public uint Ssrc { get; } = ssrc;

    /// <summary>Replaced whole when someone subscribes or leaves; the packet path only reads it.</summary>
    internal Consumer[] Consumers { get; set; } = [];
}
