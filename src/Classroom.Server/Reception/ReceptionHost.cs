using Classroom.Contracts;
using Classroom.Media.Rooms;
using Classroom.Server.Hubs;
using Classroom.Server.Live;
using Microsoft.AspNetCore.SignalR;

namespace Classroom.Server.Reception;

/// <summary>
/// Publishes the relay's forwarding and link events through each lesson's outbox: a page learns which
/// of its videos are forwarded now (and whether its link forced audio only); link quality goes to the
/// lesson's staff for everyone and to each page for itself.
/// </summary>
public sealed class ReceptionHost(Relay relay, LessonRooms rooms, LinkQualityMonitor monitor, IHubContext<ClassroomHub, IClassroomClient> hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        relay.ForwardingChanged += OnForwarding;
        relay.LinkStatistics += OnPublished;
        relay.ReceiverStatistics += OnReceiving;
        relay.TransportGone += OnGone;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        relay.ForwardingChanged -= OnForwarding;
        relay.LinkStatistics -= OnPublished;
        relay.ReceiverStatistics -= OnReceiving;
        relay.TransportGone -= OnGone;
        return Task.CompletedTask;
    }

    private void OnForwarding(ForwardedTracks tracks)
    {
        if (rooms.Find(tracks.RoomId) is not { } room) return;
        var view = new MediaForwardingView(tracks.Forwarded, tracks.Paused, tracks.AudioOnlyForced);
        room.Post(() => hub.Clients.Client(tracks.SessionId).MediaForwarding(view));
    }

    private void OnPublished(LinkStatistics statistics) => Send(monitor.OnPublished(statistics));

    private void OnReceiving(ReceiverStatistics statistics) => Send(monitor.OnReceiving(statistics));

    private void OnGone(TransportGone gone) => monitor.Forget(gone.SessionId);

    private void Send((Guid LessonId, string SessionId, LinkQualityView View)? due)
    {
        if (due is not { } d || rooms.Find(d.LessonId) is not { } room) return;
        room.Post(async () =>
        {
            await hub.Clients.Group(room.StaffGroup).LinkQuality(d.View);
            // The page itself (a teacher's page gets its own figures twice: the lesson's state is not read outside its lock).
            await hub.Clients.Client(d.SessionId).LinkQuality(d.View);
        });
    }
}
