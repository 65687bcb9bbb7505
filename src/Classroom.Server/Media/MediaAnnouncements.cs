using Classroom.Contracts;
using Classroom.Server.Hubs;
using Classroom.Server.Live;
using Microsoft.AspNetCore.SignalR;

namespace Classroom.Server.Media;

/// <summary>
/// Tells a lesson when its published tracks changed, through the room's outbox so the announcement
/// keeps its place among the room's other events (a leave, then the tracks without the leaver's).
/// Everyone in the lesson receives it, displays included; pages then ask for a new subscription.
/// </summary>
public sealed class MediaAnnouncements(MediaRelay relay, LessonRooms rooms, IHubContext<ClassroomHub, IClassroomClient> hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        relay.TracksChanged += Announce;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        relay.TracksChanged -= Announce;
        return Task.CompletedTask;
    }

    private void Announce(Guid lessonId)
    {
        if (rooms.Find(lessonId) is not { } room) return;
        room.Post(() => hub.Clients.Group(room.Group).MediaTracksChanged(relay.Tracks(lessonId)));
    }
}
