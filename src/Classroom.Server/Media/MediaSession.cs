using Classroom.Core.Chat;
using Classroom.Media.Sfu;
using Classroom.Media.Transport;

namespace Classroom.Server.Media;

/// <summary>
/// The media side of one hub connection: its publishing transport and tracks, its receiving
/// transport and sections, and its negotiation limits. Changed under <see cref="Gate"/>; the packet
/// path reads the published fields without it.
/// </summary>
public sealed class MediaSession(Guid lessonId, string participantId, string connectionId, Router router, MediaOptions options)
{
    public Guid LessonId { get; } = lessonId;
    public string ParticipantId { get; } = participantId;
    public string ConnectionId { get; } = connectionId;
    public Router Router { get; } = router;
    public Lock Gate { get; } = new();

    public MediaPeer? PublishPeer { get; set; }
    public string? PublishRemoteUfrag { get; set; }
    public Publication? Publication { get; set; }
    public byte[] PublishFingerprint { get; set; } = [];
    public ulong PublishSessionId { get; set; }

    public MediaPeer? ReceivePeer { get; set; }
    public Subscription? Subscription { get; set; }
    public byte[]? ReceiveFingerprint { get; set; }
    public ulong ReceiveSessionId { get; set; }

    public SlidingWindowLimit Renegotiations { get; } = new(options.RenegotiationsPerMinute, TimeSpan.FromMinutes(1));
    public SlidingWindowLimit IceRestarts { get; } = new(options.IceRestartsPerMinute, TimeSpan.FromMinutes(1));
}
