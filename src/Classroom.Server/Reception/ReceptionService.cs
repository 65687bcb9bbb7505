using Classroom.Contracts;
using Classroom.Core.Live;
using Classroom.Core.Participants;
using Classroom.Core.Reception;
using Classroom.Media.Rooms;
using Classroom.Server.Hubs;
using Classroom.Server.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Reception;

/// <summary>
/// The hub's receiver-choice calls: Core decides (<see cref="LiveLesson.SetReceiveMode"/>,
/// <see cref="LiveLesson.SetClassReceiveMode"/>), this drives the relay with the result and tells the
/// pages concerned. Choices live with the lesson's other settings in <see cref="LiveLesson"/>.
/// </summary>
public sealed class ReceptionService(
    Presence presence,
    Relay relay,
    IOptions<RelayOptions> relayOptions,
    IHubContext<ClassroomHub, IClassroomClient> hub,
    TimeProvider time)
{
    /// <summary>The caller chooses what their own page receives ("auto", "low", "audioOnly").</summary>
    public Task SetOwnAsync(string connectionId, string? mode, CancellationToken ct)
    {
        var parsed = ReceiveChoices.Parse(mode);
        var room = presence.RoomOf(connectionId);
        return room.LockedAsync(() =>
        {
            Apply(room, room.Live.SetReceiveMode(connectionId, parsed, time.GetUtcNow()));
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>Staff set the class default (checked by Core against the caller's permissions).</summary>
    public Task SetClassAsync(string connectionId, string? mode, CancellationToken ct)
    {
        var parsed = ReceiveChoices.Parse(mode);
        var room = presence.RoomOf(connectionId);
        return room.LockedAsync(() =>
        {
            Apply(room, room.Live.SetClassReceiveMode(connectionId, parsed, time.GetUtcNow()));
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>
    /// Before the caller's page (re)subscribes: the relay gets its preferences and the room's featured
    /// participants (staff), so new videos start as they should. Every page subscribes again when tracks
    /// change, so a teacher who came late is featured from then on.
    /// </summary>
    public Task BeforeSubscribeAsync(LessonRoom room, string connectionId, CancellationToken ct) =>
        room.LockedAsync(() =>
        {
            if (room.Live.FindByConnection(connectionId) is { } me && relay.FindRoom(room.LessonId) is { } media)
            {
                media.SetFeatured(room.Live.Present.Where(p => p.Role.IsStaff()).Select(p => p.Id).ToList());
                Push(media, me, room.Live.ReceptionOf(me));
            }
            return Task.CompletedTask;
        }, ct);

    /// <summary>The view of the caller's reception for their snapshot.</summary>
    public static ReceptionView ViewOf(LiveLesson live, LiveParticipant me) => ReceptionViews.Of(live.ReceptionOf(me));

    private void Apply(LessonRoom room, IReadOnlyList<LessonEvent> events)
    {
        var media = relay.FindRoom(room.LessonId);
        foreach (var e in events)
        {
            switch (e)
            {
                case ReceptionChanged changed:
                {
                    if (media is not null && room.Live.Find(changed.ParticipantId) is { } who) Push(media, who, changed);
                    var view = ReceptionViews.Of(changed);
                    room.Post(() => hub.Clients.Client(changed.ConnectionId).ReceptionChanged(view));
                    break;
                }
                case ClassReceptionChanged c:
                {
                    var name = ReceiveChoices.NameOf(c.Mode);
                    room.Post(() => hub.Clients.Group(room.Group).ClassReceptionChanged(name));
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The relay's preferences for a participant's page: students get at most last-N videos; staff see
    /// every camera as a thumbnail (lowest layer), screens in full; observers and display screens everything.
    /// </summary>
    private void Push(Room media, LiveParticipant who, ReceptionChanged reception)
    {
        var mode = ReceptionViews.ToRelay(reception.Effective);
        var preferences = who.Role switch
        {
            Role.Student => new ReceivePreferences(mode, relayOptions.Value.LastN),
            Role.Teacher or Role.CoTeacher => new ReceivePreferences(mode, null, CamerasAsThumbnails: true),
            _ => new ReceivePreferences(mode),
        };
        try
        {
            media.SetReceivePreferences(who.ConnectionId, who.Id, preferences);
        }
        catch (MediaControlException)
        {
            // Media is off, or the page's session is being replaced: its next subscription applies the choice.
        }
    }
}
