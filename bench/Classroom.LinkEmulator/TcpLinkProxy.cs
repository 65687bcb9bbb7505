using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Classroom.LinkEmulator;

/// <summary>
/// A TCP byte pipe that behaves like a link: accepts on <see cref="LocalEndPoint"/>, connects each client
/// to the target and pumps both directions through the link's shapers, so HTTP, SignalR and WebSockets
/// pass unchanged, only slower. Bytes are never lost or reordered; the loss model becomes retransmission
/// stalls (<see cref="LinkProxyOptions.TcpLoss"/>). TCP is terminated at the proxy (like a split-TCP
/// accelerator): the applications feel the rate and delay, but each end's congestion control talks to
/// the proxy, not across the emulated link.
/// </summary>
public sealed class TcpLinkProxy : IAsyncDisposable
{
    private readonly EndPoint _target;
    private readonly LinkProxyOptions _options;
    private readonly Socket _listener;
    private readonly LinkClock _clock;
    private readonly LinkShaper? _sharedUplink;
    private readonly LinkShaper? _sharedDownlink;
    private readonly ConcurrentDictionary<TcpLinkConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ITimer> _resetTimers = [];
    private readonly Task _acceptLoop;
    private int _shapersMade;
    private long _accepted;
    private long _refused;
    private int _disposed;

    private TcpLinkProxy(IPEndPoint listenOn, EndPoint target, LinkProfile profile, LinkProxyOptions options)
    {
        _target = target;
        _options = options;
        Profile = profile;
        _clock = new LinkClock(options.TimeProvider);
        Outages = new LinkOutages(options.Outages);
        if (options.Sharing == LinkSharing.Shared)
        {
            _sharedUplink = NewShaper(profile.Uplink, Uplink);
            _sharedDownlink = NewShaper(profile.Downlink, Downlink);
        }
        _listener = new Socket(listenOn.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(listenOn);
            _listener.Listen(1024); // the bench opens hundreds of connections at once
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        foreach (var outage in options.Outages.Where(o => o.Mode == OutageMode.Reset))
        {
            var due = outage.Start - _clock.Now;
            _resetTimers.Add(_clock.Time.CreateTimer(static s => ((TcpLinkProxy)s!).ResetAll(), this,
                due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
        _acceptLoop = Task.Run(() => AcceptAsync(_stop.Token));
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary><c>http://host:port/</c> of the proxy, for an HttpClient or a SignalR hub connection.</summary>
    public Uri HttpAddress => new($"http://{LocalEndPoint}/");

    public LinkProfile Profile { get; }

    /// <summary>Client→server counters (chunks and bytes of all connections).</summary>
    public LinkCounters Uplink { get; } = new();

    /// <summary>Server→client counters.</summary>
    public LinkCounters Downlink { get; } = new();

    public LinkOutages Outages { get; }

    /// <summary>Time since the proxy started: the time base of <see cref="Outage.Start"/>.</summary>
    public TimeSpan Elapsed => _clock.Now;

    public int ActiveConnections => _connections.Count;

    public long AcceptedConnections => Interlocked.Read(ref _accepted);

    /// <summary>Connections reset on arrival: over <see cref="LinkProxyOptions.MaxTcpConnections"/> or during a reset outage.</summary>
    public long RefusedConnections => Interlocked.Read(ref _refused);

    /// <summary>Listens on <paramref name="listenOn"/> (port 0 for any free port) and forwards to <paramref name="target"/> (an IP or DNS end point).</summary>
    public static TcpLinkProxy Start(IPEndPoint listenOn, EndPoint target, LinkProfile profile, LinkProxyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listenOn);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(profile);
        options ??= LinkProxyOptions.Default;
        options.Validate();
        return new TcpLinkProxy(listenOn, target, profile, options);
    }

    /// <summary>
    /// Takes the link down from now for <paramref name="duration"/>. <see cref="OutageMode.Stall"/> holds the
    /// bytes until it is back; <see cref="OutageMode.Reset"/> also resets every connection now and any new one until then.
    /// </summary>
    public void GoDown(TimeSpan duration, OutageMode mode = OutageMode.Stall)
    {
        Outages.Add(new Outage(_clock.Now, duration, mode));
        if (mode == OutageMode.Reset)
            ResetAll();
    }

    /// <summary>Resets every open connection (both sides see RST).</summary>
    public void ResetAll()
    {
        foreach (var connection in _connections.Keys)
            connection.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        lock (_resetTimers)
        {
            foreach (var timer in _resetTimers)
                timer.Dispose();
        }
        await _acceptLoop.ConfigureAwait(false);
        ResetAll();
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (SocketException) when (!stop.IsCancellationRequested)
            {
                continue; // a client gave up between SYN and accept
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            if (_connections.Count >= _options.MaxTcpConnections || Outages.IsResetting(_clock.Now))
            {
                Interlocked.Increment(ref _refused);
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }
            var connection = new TcpLinkConnection(client, _target, SettingsForNewConnection(), stop);
            var run = new TaskCompletionSource();
            _connections[connection] = run.Task;
            _ = RunConnectionAsync(connection, run);
        }
    }

    private async Task RunConnectionAsync(TcpLinkConnection connection, TaskCompletionSource done)
    {
        await connection.RunAsync().ConfigureAwait(false);
        _connections.TryRemove(connection, out _);
        done.SetResult();
    }

    private TcpLinkConnectionSettings SettingsForNewConnection()
    {
        var uplink = _sharedUplink ?? NewShaper(Profile.Uplink, Uplink);
        var downlink = _sharedDownlink ?? NewShaper(Profile.Downlink, Downlink);
        return new TcpLinkConnectionSettings(uplink, downlink, _clock, Outages, _options.TcpChunkBytes,
            QueueChunks(Profile.Uplink), QueueChunks(Profile.Downlink), _options.TcpConnectTimeout);
    }

    /// <summary>
    /// Chunks a pump may hold between reading and sending: enough for the bandwidth-delay product plus
    /// the bottleneck queue (so a satellite link can be filled), bounded so hundreds of idle connections cost nothing
    /// and busy ones a few megabytes at most.
    /// </summary>
    private int QueueChunks(LinkDirection direction)
    {
        if (direction.RateBitsPerSecond == 0)
            return 256;
        var inFlight = direction.RateBitsPerSecond / 8.0 * (3 * direction.Delay + direction.Jitter).TotalSeconds
            + direction.QueueLimitBytes + 64 * 1024;
        return (int)Math.Clamp(inFlight / _options.TcpChunkBytes, 16, 4096);
    }

    private LinkShaper NewShaper(LinkDirection direction, LinkCounters counters) =>
        new(direction, Outages, unchecked(_options.Seed * 31 + Interlocked.Increment(ref _shapersMade)), counters, _options.TcpLoss);
}
