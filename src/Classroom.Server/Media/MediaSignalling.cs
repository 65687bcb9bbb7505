using Classroom.Contracts;
using Classroom.Core.Errors;
using Classroom.Media.Rooms;
using Classroom.Media.Sfu;

namespace Classroom.Server.Media;

/// <summary>
/// What the hub asks of the relay, translated: the wire's records and source names to the relay's
/// types and back, and the relay's refusals to the hub's error codes. Who is calling and whether they
/// may was checked by the hub before; a page's session is its hub connection.
/// </summary>
public sealed class MediaSignalling(Relay relay, IceServers iceServers)
{
    /// <summary>The ICE servers (TURN with a fresh credential) for this participant's pages.</summary>
    public IReadOnlyList<IceServerView> IceServersFor(string participantId) => iceServers.For(participantId);

    public string Publish(Guid lessonId, string participantId, string connectionId, MediaOfferRequest request) =>
        Mapped(() => relay.OpenRoom(lessonId).Publish(connectionId, participantId, request.Sdp, LabelsOf(request)));

    public void Unpublish(Guid lessonId, string connectionId) => relay.FindRoom(lessonId)?.Unpublish(connectionId);

    public MediaSubscription Subscribe(Guid lessonId, string participantId, string connectionId, bool iceRestart)
    {
        var offer = Mapped(() => relay.OpenRoom(lessonId).Subscribe(connectionId, participantId, iceRestart));
        return new MediaSubscription(offer.Sdp, offer.Version,
            offer.Sections.Select(s => new MediaSectionView(s.Mid, s.TrackId, s.ParticipantId, SourceOf(s.Kind))).ToList());
    }

    public void AcceptAnswer(Guid lessonId, string connectionId, MediaAnswerRequest request) =>
        Mapped(() =>
        {
            if (relay.FindRoom(lessonId) is not { } room) throw new MediaControlException(MediaControlError.BadAnswer, "Nothing was offered to this connection.");
            room.AcceptAnswer(connectionId, request.Version, request.Sdp);
            return true;
        });

    /// <summary>A hub connection closed (or was replaced): its transports close and its tracks end.</summary>
    public void RemoveConnection(string connectionId) => relay.CloseSession(connectionId);

    /// <summary>A participant left or was removed: their media stops now, not when their socket notices.</summary>
    public void RemoveParticipant(Guid lessonId, string participantId) => relay.FindRoom(lessonId)?.CloseParticipant(participantId);

    /// <summary>The lesson's grants changed (someone joined, left or was moderated): the relay forwards by them from now on.</summary>
    public void SetGrants(Guid lessonId, MediaGrants grants) => relay.SetGrants(lessonId, grants);

    public static IReadOnlyList<MediaTrackView> TracksOf(Relay relay, Guid lessonId) =>
        relay.FindRoom(lessonId)?.Tracks.Select(t => new MediaTrackView(t.TrackId, t.ParticipantId, SourceOf(t.Kind))).ToList() ?? [];

    public static string SourceOf(MediaKind kind) => kind switch
    {
        MediaKind.Audio => MediaSources.Microphone,
        MediaKind.Screen => MediaSources.Screen,
        _ => MediaSources.Camera,
    };

    private static MediaKind? KindOf(string? source) => source switch
    {
        MediaSources.Microphone => MediaKind.Audio,
        MediaSources.Camera => MediaKind.Video,
        MediaSources.Screen => MediaKind.Screen,
        _ => null,
    };

    /// <summary>The page's labels (mid → source); an unknown source or a mid labelled twice is a bad offer.</summary>
    private static Dictionary<string, MediaKind> LabelsOf(MediaOfferRequest request)
    {
        var labels = new Dictionary<string, MediaKind>(StringComparer.Ordinal);
        foreach (var label in request.Tracks ?? [])
        {
            if (label?.Source is null) continue;
            var mid = label.Mid ?? string.Empty;
            if (KindOf(label.Source) is not { } kind) throw new ClassroomException(ErrorCodes.MediaBadOffer, $"Section {mid} cannot carry \"{label.Source}\".");
            if (!labels.TryAdd(mid, kind)) throw new ClassroomException(ErrorCodes.MediaBadOffer, $"Section {mid} is labelled twice.");
        }
        return labels;
    }

    private static T Mapped<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (MediaControlException ex)
        {
            throw new ClassroomException(CodeOf(ex.Error), ex.Message);
        }
    }

    private static string CodeOf(MediaControlError error) => error switch
    {
        MediaControlError.Disabled => ErrorCodes.MediaDisabled,
        MediaControlError.BadOffer => ErrorCodes.MediaBadOffer,
        MediaControlError.BadAnswer => ErrorCodes.MediaBadAnswer,
        MediaControlError.Stale => ErrorCodes.MediaStale,
        MediaControlError.RateLimited => ErrorCodes.RateLimited,
        MediaControlError.ConnectingLimit => ErrorCodes.MediaConnectingLimit,
        _ => ErrorCodes.BadRequest,
    };
}
