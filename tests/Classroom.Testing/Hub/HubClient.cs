using System.Text.RegularExpressions;
using Classroom.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Classroom.Testing.Hub;

/// <summary>
/// A participant on the hub over the wire, as the web client behaves: WebSocket only, JSON or
/// MessagePack, joins by personal code (student), by lesson id with the teacher's cookie (teacher)
/// or by link token (display, observer), waits in the lobby until admitted; chats, raises hands,
/// moderates, publishes and subscribes media. It records what the server pushes (see
/// <see cref="HubClientOptions.Record"/>) and calls back on chat and track changes.
/// </summary>
public sealed partial class HubClient : IAsyncDisposable
{
    public const string HubPath = "hubs/classroom";
    private readonly string? _credential;
    private readonly Guid? _lessonId;

    private HubClient(Uri server, HubClientOptions options, string? credential, Guid? lessonId)
    {
        _credential = credential;
        _lessonId = lessonId;
        _record = options.Record;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(server, HubPath), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = options.SkipNegotiation;
                if (options.Cookies is not null) o.Cookies = options.Cookies;
                if (options.CertificateCheck is { } check)
                {
                    o.WebSocketConfiguration = ws => ws.RemoteCertificateValidationCallback = check;
                    o.HttpMessageHandlerFactory = handler =>
                    {
                        if (handler is HttpClientHandler http) http.ServerCertificateCustomValidationCallback = (m, c, ch, e) => check(m, c, ch, e);
                        return handler;
                    };
                }
            });
        if (options.StatefulReconnect) builder.WithStatefulReconnect();
        if (options.Wire == Wire.MessagePack) builder.AddMessagePackProtocol(o => o.SerializerOptions = WireFormat.MessagePack);
        Connection = builder.Build();
        Listen(Connection);
    }

    public HubConnection Connection { get; }

    /// <summary>The lesson as the join (or the admission that followed it) showed it; null before <see cref="EnterAsync"/>.</summary>
    public LessonSnapshot? Snapshot { get; private set; }

    /// <summary>A client that joins with its own cookies (or none) once started: call <see cref="JoinAsync"/> yourself.</summary>
    public static HubClient Create(Uri server, HubClientOptions? options = null) => new(server, options ?? new HubClientOptions(), null, null);

    /// <summary>A student who enters with a personal code (<see cref="EnterAsync"/>).</summary>
    public static HubClient Student(Uri server, string code, HubClientOptions? options = null) => new(server, options ?? new HubClientOptions(), code, null);

    /// <summary>A branch screen or observer who enters with a link token (<see cref="EnterAsync"/>).</summary>
    public static HubClient Guest(Uri server, string linkToken, HubClientOptions? options = null) => new(server, options ?? new HubClientOptions(), linkToken, null);

    /// <summary>The signed-in teacher (her cookies in <paramref name="options"/>) who enters her lesson (<see cref="EnterAsync"/>).</summary>
    public static HubClient Teacher(Uri server, Guid lessonId, HubClientOptions options) => new(server, options, null, lessonId);

    public Task StartAsync(CancellationToken cancellationToken = default) => Connection.StartAsync(cancellationToken);

    /// <summary>Connects, joins with the code, link or lesson it was made for, and (if the lesson keeps them waiting) waits to be admitted.</summary>
    public async Task<LessonSnapshot> EnterAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        var result = await Connection.InvokeAsync<JoinResult>(HubMethods.Join, new JoinRequest(_credential, _lessonId), cancellationToken);
        Snapshot = result.Snapshot ?? await _admitted.Task.WaitAsync(cancellationToken);
        return Snapshot;
    }

    public Task<JoinResult> JoinAsync(string? code = null, Guid? lessonId = null, long? lastSeq = null, string? displayName = null) =>
        Connection.InvokeAsync<JoinResult>(HubMethods.Join, new JoinRequest(code, lessonId, lastSeq, displayName));

    public Task<long> SendChatAsync(string text, string? to = null, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync<long>(HubMethods.SendChat, new SendChatRequest(text, to), cancellationToken);

    public Task<IReadOnlyList<ChatMessageView>> ChatSinceAsync(long seq) =>
        Connection.InvokeAsync<IReadOnlyList<ChatMessageView>>(HubMethods.GetChatSince, seq);

    /// <summary>A moderation action by its wire number (Classroom.Core's ModerationAction).</summary>
    public Task ModerateAsync(int action, string? target = null, string? value = null) =>
        Connection.InvokeAsync(HubMethods.Moderate, new ModerateRequest(action, target, value));

    public Task RaiseHandAsync(bool raised, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(HubMethods.RaiseHand, raised, cancellationToken);

    public Task SetMicrophoneAsync(bool on, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(HubMethods.SetMicrophone, on, cancellationToken);

    public Task<MediaAnswer> PublishMediaAsync(string offer, IReadOnlyList<MediaTrackLabel>? tracks = null, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync<MediaAnswer>(HubMethods.PublishMedia, new MediaOfferRequest(offer, tracks), cancellationToken);

    public Task<MediaSubscription> SubscribeMediaAsync(CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync<MediaSubscription>(HubMethods.SubscribeMedia, new SubscribeMediaRequest(), cancellationToken);

    public Task AnswerMediaAsync(int version, string answer, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync(HubMethods.AnswerMedia, new MediaAnswerRequest(version, answer), cancellationToken);

    /// <summary>The stable error code of a refused hub call ("[code] message"); throws when the call succeeds or carries no code.</summary>
    public static async Task<string> ErrorCodeOf(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
        }
        catch (HubException ex)
        {
            var match = CodePattern().Match(ex.Message);
            return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"No error code in: {ex.Message}", ex);
        }
        throw new InvalidOperationException("The hub call succeeded; a refusal was expected.");
    }

    [GeneratedRegex(@"\[([a-z_.]+)\]")]
    private static partial Regex CodePattern();

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        _changed.Dispose();
    }
}
