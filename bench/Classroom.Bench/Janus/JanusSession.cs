using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Classroom.Bench.Janus;

// The Janus API over its REST transport (janus.transport.http): POST /janus creates a session,
// POST /janus/<session> attaches a plugin handle or keeps the session alive, POST
// /janus/<session>/<handle> sends a plugin message, and GET /janus/<session>?maxev=N long-polls the
// session's events. Every request carries a transaction; synchronous plugin requests answer
// "success" with the plugin's data, asynchronous ones answer "ack" and the result arrives later as an
// "event" with the same transaction. Core events (webrtcup, hangup, media, slowlink) carry none.

/// <summary>One Janus session with one plugin handle, its long-poll loop and keepalive.</summary>
internal sealed class JanusSession : IAsyncDisposable
{
    private const int MaxEventsPerPoll = 16;
    private const int MaxPollFailures = 5;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan KeepaliveInterval = TimeSpan.FromSeconds(25);

    private readonly HttpClient _http;
    private readonly Uri _root;
    private readonly TimeSpan _requestTimeout;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _webrtcUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _hangup = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _poll;
    private Task? _keepalive;

    public JanusSession(HttpClient http, Uri root, TimeSpan requestTimeout)
    {
        _http = http;
        _root = root;
        _requestTimeout = requestTimeout;
    }

    public long SessionId { get; private set; }
    public long HandleId { get; private set; }

    /// <summary>Completes on "webrtcup" (Janus's ICE and DTLS are done); faults on hangup first.</summary>
    public Task WebRtcUp => _webrtcUp.Task;

    /// <summary>Completes with the reason on "hangup" (PeerConnection closed by Janus).</summary>
    public Task<string> Hangup => _hangup.Task;

    /// <summary>Events without a waiting request (media, slowlink, plugin notifications), called on the poll loop.</summary>
    public Action<JsonElement>? EventReceived { get; set; }

    public async Task OpenAsync(string plugin, CancellationToken cancellationToken)
    {
        var created = await PostAsync(_root, "create", [], cancellationToken);
        SessionId = created.GetProperty("data").GetProperty("id").GetInt64();
        _poll = Task.Run(PollLoopAsync, CancellationToken.None);
        _keepalive = Task.Run(KeepaliveLoopAsync, CancellationToken.None);
        var attached = await PostAsync(SessionUri, "attach", new JsonObject { ["plugin"] = plugin }, cancellationToken);
        HandleId = attached.GetProperty("data").GetProperty("id").GetInt64();
    }

    private Uri SessionUri => new(string.Create(CultureInfo.InvariantCulture, $"{_root}/{SessionId}"));
    private Uri HandleUri => new(string.Create(CultureInfo.InvariantCulture, $"{_root}/{SessionId}/{HandleId}"));

    /// <summary>
    /// Sends a plugin message and returns the plugin's data plus the JSEP (if any): at once for a
    /// synchronous request, from the matching event for an asynchronous one.
    /// </summary>
    public async Task<(JsonElement Data, JsonElement? Jsep)> MessageAsync(JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var name = "message " + (body["request"]?.GetValue<string>() ?? "?");
        var fields = new JsonObject { ["body"] = body };
        if (jsep is not null) fields["jsep"] = jsep;
        var transaction = NewTransaction();
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = answer;
        try
        {
            var response = await PostAsync(HandleUri, "message", fields, cancellationToken, transaction);
            var result = response.GetProperty("janus").GetString() == "ack"
                ? await answer.Task.WaitAsync(_requestTimeout, cancellationToken)
                : response;
            var data = PluginData(name, result);
            return (data, result.TryGetProperty("jsep", out var j) ? j : null);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Janus sent no event for '{name}' within {_requestTimeout.TotalSeconds:0} s.", e);
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    /// <summary>Tells Janus we have no more candidates to trickle (ours are all in the SDP).</summary>
    public Task TrickleCompletedAsync(CancellationToken cancellationToken) =>
        PostAsync(HandleUri, "trickle", new JsonObject { ["candidate"] = new JsonObject { ["completed"] = true } }, cancellationToken);

    private static JsonElement PluginData(string request, JsonElement message)
    {
        if (!message.TryGetProperty("plugindata", out var plugindata) || !plugindata.TryGetProperty("data", out var data))
            throw new JanusException($"Janus answered '{request}' without plugin data: {message.GetRawText()}");
        if (data.TryGetProperty("error_code", out var code))
            throw new JanusException(request, code.GetInt32(), data.TryGetProperty("error", out var error) ? error.GetString() : null);
        return data;
    }

    /// <summary>POSTs one Janus API request; throws <see cref="JanusException"/> on a Janus error.</summary>
    private async Task<JsonElement> PostAsync(Uri uri, string janus, JsonObject fields, CancellationToken cancellationToken, string? transaction = null)
    {
        fields["janus"] = janus;
        fields["transaction"] = transaction ?? NewTransaction();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        JsonElement response;
        try
        {
            using var http = await _http.PostAsJsonAsync(uri, fields, timeout.Token);
            http.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await http.Content.ReadAsStringAsync(timeout.Token));
            response = document.RootElement.Clone();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Janus did not answer '{janus}' within {_requestTimeout.TotalSeconds:0} s.");
        }
        if (response.GetProperty("janus").GetString() == "error")
        {
            var error = response.GetProperty("error");
            throw new JanusException(janus, error.GetProperty("code").GetInt32(), error.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
        }
        return response;
    }

    private async Task PollLoopAsync()
    {
        var failures = 0;
        for (var request = 0L; !_stop.IsCancellationRequested; request++)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(PollTimeout);
                var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{SessionUri}?maxev={MaxEventsPerPoll}&rid={request}"));
                using var document = JsonDocument.Parse(await _http.GetStringAsync(uri, timeout.Token));
                failures = 0;
                var root = document.RootElement;
                var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
                foreach (var item in items)
                {
                    if (Dispatch(item.Clone())) continue;
                    // The session is gone (timed out or destroyed): nothing more will come.
                    return;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException or IOException)
            {
                if (++failures >= MaxPollFailures)
                {
                    FailAll(new JanusException($"Polling Janus session {SessionId} failed {failures} times in a row: {e.Message}", e));
                    return;
                }
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Routes one polled message; false when the session is over (timeout or a session error).</summary>
    private bool Dispatch(JsonElement message)
    {
        var kind = message.TryGetProperty("janus", out var janus) ? janus.GetString() : null;
        switch (kind)
        {
            case "keepalive":
                return true;
            case "webrtcup":
                _webrtcUp.TrySetResult();
                return true;
            case "hangup":
                var reason = message.TryGetProperty("reason", out var r) ? r.GetString() ?? "" : "";
                _hangup.TrySetResult(reason);
                _webrtcUp.TrySetException(new JanusException($"Janus hung up the PeerConnection: {reason}"));
                return true;
            case "timeout":
                FailAll(new JanusException($"Janus timed out session {SessionId}."));
                return false;
            case "error":
                var error = message.TryGetProperty("error", out var e) ? e.GetRawText() : message.GetRawText();
                FailAll(new JanusException($"Polling Janus session {SessionId} failed: {error}"));
                return false;
        }
        if (message.TryGetProperty("transaction", out var transaction) && transaction.GetString() is { } id && _pending.TryRemove(id, out var waiting))
        {
            waiting.TrySetResult(message);
            return true;
        }
        EventReceived?.Invoke(message);
        return true;
    }

    private void FailAll(Exception error)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiting)) waiting.TrySetException(error);
        }
        _webrtcUp.TrySetException(error);
    }

    private async Task KeepaliveLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(KeepaliveInterval, _stop.Token);
                await PostAsync(SessionUri, "keepalive", [], _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or JanusException or TimeoutException or JsonException)
            {
                // the poll loop reports a dead session; a missed keepalive alone is not fatal
            }
        }
    }

    private static string NewTransaction() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>Detaches the handle and destroys the session (best effort, bounded), then stops the loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (SessionId != 0)
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                if (HandleId != 0) await PostAsync(HandleUri, "detach", [], bounded.Token);
            }
            catch (Exception e) when (e is HttpRequestException or JanusException or TimeoutException or OperationCanceledException or JsonException)
            {
                // Janus may already be gone or have dropped the handle
            }
            try
            {
                await PostAsync(SessionUri, "destroy", [], bounded.Token);
            }
            catch (Exception e) when (e is HttpRequestException or JanusException or TimeoutException or OperationCanceledException or JsonException)
            {
            }
        }
        await _stop.CancelAsync();
        if (_poll is not null) await _poll;
        if (_keepalive is not null) await _keepalive;
        FailAll(new ObjectDisposedException(nameof(JanusSession)));
        _stop.Dispose();
    }
}
