using Classroom.Contracts;
using Classroom.Core.Chat;
using Classroom.Core.Errors;
using Classroom.Core.Participants;
using Classroom.Server.Hosting;
using Classroom.Server.Live;
using Classroom.Server.Media;
using Classroom.Server.Moderation;
using Classroom.Server.Observability;
using Classroom.Server.Reception;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Classroom.Server.Hubs;

/// <summary>
/// The live cabinet. Methods stay thin: who is calling is checked by <see cref="Presence"/> and
/// the services, the rules are Core's, errors are mapped by <see cref="HubErrorFilter"/>.
/// Anonymous connections are allowed: students come with a code, not a login.
/// </summary>
public sealed class ClassroomHub(
    Entry entry,
    ChatService chat,
    LessonControl control,
    ModerationService moderation,
    MediaSignalling media,
    ReceptionService reception,
    Presence presence,
    ConnectionRegistry connections,
    ClassroomMetrics metrics,
    IOptions<ClassroomOptions> options) : Hub<IClassroomClient>
{
    public override Task OnConnectedAsync()
    {
        var o = options.Value;
        connections.Add(Context, new SlidingWindowLimit(o.HubCallsPerWindow, o.HubCallWindow));
        metrics.ConnectionOpened();
        return Task.CompletedTask;
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.ConnectionClosed();
        await entry.DisconnectedAsync(Context.ConnectionId, CancellationToken.None);
        media.RemoveConnection(Context.ConnectionId);
    }

    public Task<JoinResult> Join(JoinRequest request) =>
        entry.JoinAsync(Context.ConnectionId, Context.User ?? new(), request ?? throw BadArgument(), Context.ConnectionAborted);

    public Task Leave() => entry.LeaveAsync(Context.ConnectionId, Context.ConnectionAborted);

    public Task<long> SendChat(SendChatRequest request) =>
        chat.SendAsync(Context.ConnectionId, request ?? throw BadArgument(), Context.ConnectionAborted);

    public Task<IReadOnlyList<ChatMessageView>> GetChatSince(long seq) =>
        chat.SinceAsync(Context.ConnectionId, seq, Context.ConnectionAborted);

    public async Task OpenEarly()
    {
        var (room, _) = await presence.RequireAsync(Context.ConnectionId, staff: true, Context.ConnectionAborted);
        await control.OpenEarlyAsync(room.LessonId, Context.ConnectionAborted);
    }

    public async Task EndLesson()
    {
        var (room, _) = await presence.RequireAsync(Context.ConnectionId, staff: true, Context.ConnectionAborted);
        await control.EndAsync(room.LessonId, Context.ConnectionAborted);
    }

    /// <summary>Staff only (checked by Core against the caller's permissions).</summary>
    public Task Moderate(ModerateRequest request) =>
        moderation.ModerateAsync(Context.ConnectionId, request ?? throw BadArgument(), Context.ConnectionAborted);

    public Task RaiseHand(bool raised) => moderation.SetHandAsync(Context.ConnectionId, raised, Context.ConnectionAborted);

    public Task SetMicrophone(bool on) => moderation.SetMicrophoneAsync(Context.ConnectionId, on, Context.ConnectionAborted);

    /// <summary>Own camera on (only while allowed for the caller) or off (always); the relay's video grant follows.</summary>
    public Task SetCamera(bool on) => moderation.SetCameraAsync(Context.ConnectionId, on, Context.ConnectionAborted);

    public Task SetScreenShare(bool on) => moderation.SetScreenShareAsync(Context.ConnectionId, on, Context.ConnectionAborted);

    /// <summary>
    /// Publishes the caller's media: answers their SDP offer. Only roles that may send media at all
    /// (teachers, students) get a transport; what actually flows is decided per packet by moderation.
    /// </summary>
    public async Task<MediaAnswer> PublishMedia(MediaOfferRequest request)
    {
        var (room, me) = await presence.RequireAsync(Context.ConnectionId, staff: false, Context.ConnectionAborted);
        if ((RolePermissions.For(me.Role) & (Permissions.PublishAudio | Permissions.PublishVideo | Permissions.ShareScreen)) == 0)
            throw new ClassroomException(ErrorCodes.Forbidden, "This role only receives.");
        return new MediaAnswer(media.Publish(room.LessonId, me.Id, Context.ConnectionId, request ?? throw BadArgument()));
    }

    public async Task UnpublishMedia()
    {
        var (room, _) = await presence.RequireAsync(Context.ConnectionId, staff: false, Context.ConnectionAborted);
        media.Unpublish(room.LessonId, Context.ConnectionId);
    }

    /// <summary>An offer of every track the caller may receive; displays and observers too.</summary>
    public async Task<MediaSubscription> SubscribeMedia(SubscribeMediaRequest request)
    {
        var (room, me) = await presence.RequireAsync(Context.ConnectionId, staff: false, Context.ConnectionAborted);
        await reception.BeforeSubscribeAsync(room, Context.ConnectionId, Context.ConnectionAborted);
        return media.Subscribe(room.LessonId, me.Id, Context.ConnectionId, (request ?? throw BadArgument()).IceRestart);
    }

    public async Task AnswerMedia(MediaAnswerRequest request)
    {
        var (room, _) = await presence.RequireAsync(Context.ConnectionId, staff: false, Context.ConnectionAborted);
        media.AcceptAnswer(room.LessonId, Context.ConnectionId, request ?? throw BadArgument());
    }

    /// <summary>What the caller's own page receives: "auto", "low" or "audioOnly" (a student cannot go above the class default).</summary>
    public Task SetReceiveMode(string mode) => reception.SetOwnAsync(Context.ConnectionId, mode, Context.ConnectionAborted);

    /// <summary>Staff only (checked by Core): the class default, a ceiling for what students receive.</summary>
    public Task SetClassReceiveMode(string mode) => reception.SetClassAsync(Context.ConnectionId, mode, Context.ConnectionAborted);

    /// <summary>
    /// The ICE servers (TURN with a credential for the caller) the page gives its peer connections;
    /// empty unless the school configured a TURN server. Only for participants of a lesson.
    /// </summary>
    public async Task<IReadOnlyList<IceServerView>> GetIceServers()
    {
        var (_, me) = await presence.RequireAsync(Context.ConnectionId, staff: false, Context.ConnectionAborted);
        return media.IceServersFor(me.Id);
    }

    private static ClassroomException BadArgument() => new(ErrorCodes.BadRequest, "The argument is missing.");
}
