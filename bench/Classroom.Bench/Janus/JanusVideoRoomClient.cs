using System.Text.Json;
using System.Text.Json.Nodes;

namespace Classroom.Bench.Janus;

/// <summary>A VideoRoom room as the bench creates it: one video and one audio codec, nobody told about joins.</summary>
public sealed record JanusRoomOptions
{
    /// <summary>Room id; 0 lets Janus choose.</summary>
    public long Room { get; init; }
    public string Description { get; init; } = "classroom bench";
    public int Publishers { get; init; } = 100;
    /// <summary>Bitrate cap Janus sends publishers in REMB (bits/s).</summary>
    public int Bitrate { get; init; } = 2_000_000;
    public string VideoCodec { get; init; } = "vp8";
    public string AudioCodec { get; init; } = "opus";
    public bool NotifyJoining { get; init; }
}

/// <summary>A publisher in a room: its feed id (what subscribers ask for) and Janus's JSEP answer.</summary>
public sealed record JanusPublication(long FeedId, long PrivateId, string AnswerSdp);

/// <summary>
/// One Janus session with a handle on the VideoRoom plugin, playing one browser: either a publisher
/// (<see cref="PublishAsync"/>) or a subscriber (<see cref="SubscribeAsync"/> then <see cref="StartAsync"/>).
/// Room management works on any handle. Disposing leaves nothing behind (detach, destroy).
/// </summary>
public sealed class JanusVideoRoomClient : IAsyncDisposable
{
    private readonly JanusSession _session;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    private JanusVideoRoomClient(JanusSession session, HttpClient http, bool ownsHttp)
    {
        _session = session;
        _http = http;
        _ownsHttp = ownsHttp;
    }

    public long SessionId => _session.SessionId;
    public long HandleId => _session.HandleId;

    /// <summary>Completes when Janus reports the PeerConnection up (ICE and DTLS done on its side); faults on hangup.</summary>
    public Task WebRtcUp => _session.WebRtcUp;

    /// <summary>Completes with Janus's reason when it hangs up the PeerConnection.</summary>
    public Task<string> Hangup => _session.Hangup;

    /// <summary>Events no request waits for (media, slowlink, publisher lists…), called on the poll loop.</summary>
    public Action<JsonElement>? EventReceived
    {
        get => _session.EventReceived;
        set => _session.EventReceived = value;
    }

    /// <summary>
    /// Creates a session and attaches the VideoRoom plugin. Share one <paramref name="http"/> between
    /// many clients (each long-polls on its own connection); without one the client owns its own.
    /// </summary>
    public static async Task<JanusVideoRoomClient> ConnectAsync(Uri baseUrl, HttpClient? http = null, TimeSpan? requestTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var owns = http is null;
        http ??= new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var session = new JanusSession(http, new Uri(baseUrl.ToString().TrimEnd('/')), requestTimeout ?? TimeSpan.FromSeconds(15));
        var client = new JanusVideoRoomClient(session, http, owns);
        try
        {
            await session.OpenAsync(JanusServer.VideoRoomPlugin, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a room (not permanent); returns its id.</summary>
    public async Task<long> CreateRoomAsync(JanusRoomOptions room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        var body = new JsonObject
        {
            ["request"] = "create",
            ["description"] = room.Description,
            ["publishers"] = room.Publishers,
            ["bitrate"] = room.Bitrate,
            ["videocodec"] = room.VideoCodec,
            ["audiocodec"] = room.AudioCodec,
            ["notify_joining"] = room.NotifyJoining,
            ["permanent"] = false,
        };
        if (room.Room != 0) body["room"] = room.Room;
        var (data, _) = await _session.MessageAsync(body, null, cancellationToken);
        return data.GetProperty("room").GetInt64();
    }

    public async Task DestroyRoomAsync(long room, CancellationToken cancellationToken) =>
        await _session.MessageAsync(new JsonObject { ["request"] = "destroy", ["room"] = room, ["permanent"] = false }, null, cancellationToken);

    /// <summary>The feed ids of the room's active publishers.</summary>
    public async Task<IReadOnlyList<long>> PublishersAsync(long room, CancellationToken cancellationToken)
    {
        var (data, _) = await _session.MessageAsync(new JsonObject { ["request"] = "listparticipants", ["room"] = room }, null, cancellationToken);
        return data.GetProperty("participants").EnumerateArray()
            .Where(p => p.TryGetProperty("publisher", out var publisher) && publisher.GetBoolean())
            .Select(p => p.GetProperty("id").GetInt64()).ToList();
    }

    /// <summary>
    /// Joins <paramref name="room"/> as a publisher and publishes <paramref name="offerSdp"/>; returns the
    /// feed id and Janus's answer (its candidates included: Janus gathers before answering).
    /// </summary>
    public async Task<JanusPublication> PublishAsync(long room, string offerSdp, string display, CancellationToken cancellationToken)
    {
        var (joined, _) = await _session.MessageAsync(new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "publisher",
            ["room"] = room,
            ["display"] = display,
        }, null, cancellationToken);
        var feed = joined.GetProperty("id").GetInt64();
        var privateId = joined.TryGetProperty("private_id", out var p) ? p.GetInt64() : 0;
        var (_, jsep) = await _session.MessageAsync(new JsonObject { ["request"] = "publish" }, Jsep("offer", offerSdp), cancellationToken);
        var answer = SdpOf(jsep, "answer", "publish");
        await _session.TrickleCompletedAsync(cancellationToken);
        return new JanusPublication(feed, privateId, answer);
    }

    /// <summary>Joins <paramref name="room"/> as a subscriber of <paramref name="feedId"/>; returns Janus's offer.</summary>
    public async Task<string> SubscribeAsync(long room, long feedId, CancellationToken cancellationToken, long? privateId = null)
    {
        var body = new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "subscriber",
            ["room"] = room,
            ["streams"] = new JsonArray(new JsonObject { ["feed"] = feedId }),
        };
        if (privateId is { } id) body["private_id"] = id;
        var (_, jsep) = await _session.MessageAsync(body, null, cancellationToken);
        return SdpOf(jsep, "offer", "join subscriber");
    }

    /// <summary>Completes a subscription with our answer to Janus's offer.</summary>
    public async Task StartAsync(string answerSdp, CancellationToken cancellationToken)
    {
        await _session.MessageAsync(new JsonObject { ["request"] = "start" }, Jsep("answer", answerSdp), cancellationToken);
        await _session.TrickleCompletedAsync(cancellationToken);
    }

    /// <summary>Leaves the room (a publisher stops publishing; a subscriber stops receiving).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken) =>
        await _session.MessageAsync(new JsonObject { ["request"] = "leave" }, null, cancellationToken);

    private static JsonObject Jsep(string type, string sdp) => new() { ["type"] = type, ["sdp"] = sdp };

    private static string SdpOf(JsonElement? jsep, string type, string request)
    {
        if (jsep is not { } j || j.GetProperty("type").GetString() != type || j.GetProperty("sdp").GetString() is not { } sdp)
            throw new JanusException($"Janus answered '{request}' without a JSEP {type}.");
        return sdp;
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        if (_ownsHttp) _http.Dispose();
    }
}
