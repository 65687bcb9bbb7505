namespace Classroom.Contracts;

/// <summary>Events the server pushes to a participant's connection. Method names are the wire names.</summary>
public interface IClassroomClient
{
    /// <summary>A waiting connection was let in (the entry window opened or the teacher opened early).</summary>
    Task Admitted(LessonSnapshot snapshot);

    Task ParticipantJoined(ParticipantView participant);

    Task ParticipantLeft(string participantId);

    Task ChatReceived(ChatMessageView message);

    Task LessonPhaseChanged(LessonPhaseView phase);

    /// <summary>The lesson is over; everyone but staff is disconnected right after this.</summary>
    Task LessonEnded(Guid lessonId);

    /// <summary>The same person joined from another connection; this one is closed right after.</summary>
    Task Replaced();

    /// <summary>A participant's microphone, camera (permission or on/off), hand, screen or name changed.</summary>
    Task ParticipantUpdated(ParticipantView participant);

    /// <summary>The lesson-wide moderation settings changed.</summary>
    Task RulesChanged(LessonRulesView rules);

    /// <summary>To staff only: a line of the moderation log.</summary>
    Task ModerationLogged(ModerationEntryView entry);

    /// <summary>To staff only: who waits in the lobby now, in arrival order.</summary>
    Task LobbyChanged(IReadOnlyList<LobbyEntryView> lobby);

    /// <summary>To staff only: the current ban list (lesson and cabinet bans).</summary>
    Task BansChanged(IReadOnlyList<BanView> bans);

    /// <summary>To staff only: a participant's connection was replaced by a new one with the same code.</summary>
    Task ConnectionReplaced(string participantId);

    /// <summary>A chat message was deleted by the teacher: remove it from the screen.</summary>
    Task ChatDeleted(long seq);

    /// <summary>This connection was taken out of the lesson; unless sent to the lobby, it is closed right after.</summary>
    Task Removed(RemovalView removal);

    /// <summary>The lesson's published tracks changed: call SubscribeMedia again to receive the new set.</summary>
    Task MediaTracksChanged(IReadOnlyList<MediaTrackView> tracks);

    /// <summary>What this page receives changed (its own choice, or the teacher's class default moved it).</summary>
    Task ReceptionChanged(ReceptionView reception);

    /// <summary>The teacher changed the class default of what students receive ("auto", "low", "audioOnly").</summary>
    Task ClassReceptionChanged(string mode);

    /// <summary>Which of this page's video tracks the relay forwards now (last-N, audio only, link collapsed).</summary>
    Task MediaForwarding(MediaForwardingView forwarding);

    /// <summary>A participant's link quality: to staff for everyone, to a participant for themselves.</summary>
    Task LinkQuality(LinkQualityView quality);
}

/// <summary>Hub method names, for clients that call by string.</summary>
public static class HubMethods
{
    public const string Join = "Join";
    public const string Leave = "Leave";
    public const string SendChat = "SendChat";
    public const string GetChatSince = "GetChatSince";
    public const string OpenEarly = "OpenEarly";
    public const string EndLesson = "EndLesson";
    public const string Moderate = "Moderate";
    public const string RaiseHand = "RaiseHand";
    public const string SetMicrophone = "SetMicrophone";
    public const string SetCamera = "SetCamera";
    public const string SetScreenShare = "SetScreenShare";
    public const string PublishMedia = "PublishMedia";
    public const string UnpublishMedia = "UnpublishMedia";
    public const string SubscribeMedia = "SubscribeMedia";
    public const string AnswerMedia = "AnswerMedia";
    public const string SetReceiveMode = "SetReceiveMode";
    public const string SetClassReceiveMode = "SetClassReceiveMode";
    public const string GetIceServers = "GetIceServers";
}
