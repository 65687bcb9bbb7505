using System.Net;
using Classroom.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Bench.Clients;

/// <summary>Which hub protocol a synthetic client speaks (the browser speaks MessagePack).</summary>
public enum Wire
{
    MessagePack,
    Json,
}

/// <summary>
/// A synthetic participant on the hub, as the web client behaves: WebSocket only, join by personal
/// code (student), by lesson id with the teacher's cookie (teacher) or by link token (display);
/// waits in the lobby until admitted; chats, raises hands, publishes and subscribes media.
/// </summary>
public sealed class SignallingClient : IAsyncDisposable
{
    public const string HubPath = "hubs/classroom";
    private readonly string? _code;
    private readonly Guid? _lessonId;
    private readonly TaskCompletionSource<LessonSnapshot> _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SignallingClient(Uri server, Wire wire, CookieContainer? cookies, string? code, Guid? lessonId)
    {
        _code = code;
        _lessonId = lessonId;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(server, HubPath), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                if (cookies is not null) o.Cookies = cookies;
            });
        if (wire == Wire.MessagePack) builder.AddMessagePackProtocol(o => o.SerializerOptions = WireFormat.MessagePack);
        Connection = builder.Build();
        // A lesson of 30 with a slow link: the server's keep-alive is what matters, not ours.
        Connection.ServerTimeout = TimeSpan.FromSeconds(60);
        Connection.On<ChatMessageView>(nameof(IClassroomClient.ChatReceived), m => ChatReceived?.Invoke(m));
        Connection.On<LessonSnapshot>(nameof(IClassroomClient.Admitted), s => _admitted.TrySetResult(s));
        Connection.On<IReadOnlyList<MediaTrackView>>(nameof(IClassroomClient.MediaTracksChanged), t => TracksChanged?.Invoke(t));
    }

    public HubConnection Connection { get; }

    /// <summary>Called on the connection's receive loop for every chat message; keep it short.</summary>
    public Action<ChatMessageView>? ChatReceived { get; set; }

    public Action<IReadOnlyList<MediaTrackView>>? TracksChanged { get; set; }

    public LessonSnapshot? Snapshot { get; private set; }

    public static SignallingClient Student(Uri server, string code, Wire wire = Wire.MessagePack) => new(server, wire, null, code, null);

    public static SignallingClient Display(Uri server, string linkToken, Wire wire = Wire.MessagePack) => new(server, wire, null, linkToken, null);

    public static SignallingClient Teacher(Uri server, CookieContainer cookies, Guid lessonId, Wire wire = Wire.MessagePack) =>
        new(server, wire, cookies, null, lessonId);

    /// <summary>Connects, joins, and (if the lesson keeps them waiting) waits to be admitted.</summary>
    public async Task<LessonSnapshot> JoinAsync(CancellationToken cancellationToken)
    {
        await Connection.StartAsync(cancellationToken);
        var result = await Connection.InvokeAsync<JoinResult>(HubMethods.Join, new JoinRequest(_code, _lessonId), cancellationToken);
        Snapshot = result.Snapshot ?? await _admitted.Task.WaitAsync(cancellationToken);
        return Snapshot;
    }

    public Task<long> SendChatAsync(string text, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<long>(HubMethods.SendChat, new SendChatRequest(text), cancellationToken);

    public Task RaiseHandAsync(bool raised, CancellationToken cancellationToken) =>
        Connection.InvokeAsync(HubMethods.RaiseHand, raised, cancellationToken);

    public Task SetMicrophoneAsync(bool on, CancellationToken cancellationToken) =>
        Connection.InvokeAsync(HubMethods.SetMicrophone, on, cancellationToken);

    public Task<MediaAnswer> PublishMediaAsync(string offer, IReadOnlyList<MediaTrackLabel> tracks, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(offer, tracks), cancellationToken);

    public Task<MediaSubscription> SubscribeMediaAsync(CancellationToken cancellationToken) =>
        Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest(), cancellationToken);

    public Task AnswerMediaAsync(int version, string answer, CancellationToken cancellationToken) =>
        Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(version, answer), cancellationToken);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
