using System.Net;
using Classroom.Contracts;
using Classroom.Media.Rooms;
using Classroom.Server.Hubs;
using Classroom.Server.Live;
using Microsoft.AspNetCore.SignalR;

namespace Classroom.Server.Media;

/// <summary>
/// Starts and stops the relay and publishes its events: a room's new track set goes to everyone in
/// the lesson through the room's outbox, so the announcement keeps its place among the room's other
/// events (a leave, then the tracks without the leaver's); displays get it too, and pages then ask
/// for a new subscription. Transports whose consent expired are logged.
/// </summary>
public sealed partial class RelayHost(Relay relay, LessonRooms rooms, IHubContext<ClassroomHub, IClassroomClient> hub, ILogger<RelayHost> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        relay.TracksChanged += Announce;
        relay.TransportGone += OnTransportGone;
        relay.Start();
        if (relay.LocalEndPoints.Count > 0)
        {
            Log.Started(logger, relay.LocalEndPoints.Count, string.Join(", ", relay.LocalEndPoints), string.Join(", ", relay.AnnouncedEndPoints), relay.BatchingKind!);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        relay.TracksChanged -= Announce;
        relay.TransportGone -= OnTransportGone;
        await relay.DisposeAsync();
    }

    private void Announce(Guid lessonId)
    {
        if (rooms.Find(lessonId) is not { } room) return;
        room.Post(() => hub.Clients.Group(room.Group).MediaTracksChanged(MediaSignalling.TracksOf(relay, lessonId)));
    }

    private void OnTransportGone(TransportGone gone)
    {
        if (gone.Reason == TransportGoneReason.ConsentExpired)
            Log.ConsentExpired(logger, gone.RoomId, gone.Direction == TransportDirection.Publishing ? "publish" : "receive");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Media relay: {Loops} receive loops listening on UDP {Local}, announcing {Announced} ({Batching})")]
        public static partial void Started(ILogger logger, int loops, string local, string announced, string batching);

        [LoggerMessage(2, LogLevel.Information, "A {Side} transport in lesson {LessonId} stopped answering ICE consent checks and was closed")]
        public static partial void ConsentExpired(ILogger logger, Guid lessonId, string side);
    }
}
