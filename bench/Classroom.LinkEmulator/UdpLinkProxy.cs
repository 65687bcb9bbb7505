using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Classroom.LinkEmulator;

/// <summary>
/// A UDP forwarder that behaves like a link: clients send to <see cref="LocalEndPoint"/>, the proxy
/// forwards to the target through the uplink shaper and sends the replies back through the downlink
/// shaper. Each distinct client source address gets its own upstream socket (an "association"), so
/// many synthetic media clients can share one proxy and still look like separate hosts to the server;
/// one proxy per client works just as well. Whether they also share one bottleneck is
/// <see cref="LinkProxyOptions.Sharing"/>.
/// <para>
/// Receiving is one async loop per socket; sending is one <see cref="DatagramScheduler"/> (a timer
/// and a priority queue) for the whole proxy. Payloads go through pooled buffers.
/// </para>
/// </summary>
public sealed class UdpLinkProxy : IAsyncDisposable
{
    private const int MaxDatagramBytes = 65_536;

    private readonly LinkProxyOptions _options;
    private readonly Socket _listener;
    private readonly LinkClock _clock;
    private readonly DatagramScheduler _scheduler;
    private readonly LinkShaper? _sharedUplink;
    private readonly LinkShaper? _sharedDownlink;
    private readonly Lock _gate = new();
    private readonly Dictionary<SocketAddress, UdpAssociation> _associations = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _idleSweep;
    private readonly Task _uplinkLoop;
    private int _shapersMade;
    private long _refusedAssociations;
    private int _disposed;

    private UdpLinkProxy(IPEndPoint listenOn, IPEndPoint target, LinkProfile profile, LinkProxyOptions options)
    {
        Profile = profile;
        Target = target;
        _options = options;
        _clock = new LinkClock(options.TimeProvider);
        Outages = new LinkOutages(options.Outages);
        _scheduler = new DatagramScheduler(_clock, Outages, options.MaxPendingDatagrams);
        if (options.Sharing == LinkSharing.Shared)
        {
            _sharedUplink = NewShaper(profile.Uplink, Uplink);
            _sharedDownlink = NewShaper(profile.Downlink, Downlink);
        }
        _listener = new Socket(listenOn.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // A bench sends bursts; a bigger kernel buffer keeps the OS from adding loss we did not ask for.
            _listener.ReceiveBufferSize = 4 * 1024 * 1024;
            _listener.Bind(listenOn);
        }
        catch
        {
            _listener.Dispose();
            _scheduler.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        var sweepEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.UdpIdleTimeout.Ticks / 4));
        _idleSweep = _clock.Time.CreateTimer(static s => ((UdpLinkProxy)s!).SweepIdle(), this, sweepEvery, sweepEvery);
        _uplinkLoop = Task.Run(() => RunUplinkAsync(_stop.Token));
    }

    /// <summary>Where clients send their datagrams.</summary>
    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint Target { get; }

    public LinkProfile Profile { get; }

    /// <summary>Client→server counters (all associations together).</summary>
    public LinkCounters Uplink { get; } = new();

    /// <summary>Server→client counters (all associations together).</summary>
    public LinkCounters Downlink { get; } = new();

    public LinkOutages Outages { get; }

    /// <summary>Time since the proxy started: the time base of <see cref="Outage.Start"/>.</summary>
    public TimeSpan Elapsed => _clock.Now;

    public int AssociationCount
    {
        get
        {
            lock (_gate)
                return _associations.Count;
        }
    }

    /// <summary>Datagrams from new clients turned away because <see cref="LinkProxyOptions.MaxUdpAssociations"/> was reached.</summary>
    public long RefusedAssociations => Interlocked.Read(ref _refusedAssociations);

    /// <summary>
    /// Listens on <paramref name="listenOn"/> (port 0 for any free port; loopback in tests) and forwards to
    /// <paramref name="target"/> through <paramref name="profile"/>.
    /// </summary>
    public static UdpLinkProxy Start(IPEndPoint listenOn, IPEndPoint target, LinkProfile profile, LinkProxyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listenOn);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(profile);
        options ??= LinkProxyOptions.Default;
        options.Validate();
        return new UdpLinkProxy(listenOn, target, profile, options);
    }

    /// <summary>Takes the link down from now for <paramref name="duration"/>: every datagram in either direction is lost.</summary>
    public void GoDown(TimeSpan duration) => Outages.Add(new Outage(_clock.Now, duration));

    /// <summary>The local address of the upstream socket serving <paramref name="client"/>, if it has sent anything.</summary>
    public IPEndPoint? UpstreamEndPointFor(IPEndPoint client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
            return _associations.TryGetValue(client.Serialize(), out var association) ? association.UpstreamEndPoint : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _idleSweep.DisposeAsync().ConfigureAwait(false);
        _listener.Dispose();
        UdpAssociation[] associations;
        lock (_gate)
        {
            associations = [.. _associations.Values];
            _associations.Clear();
        }
        foreach (var association in associations)
            association.Dispose();
        await _uplinkLoop.ConfigureAwait(false);
        await Task.WhenAll(associations.Select(a => a.DownlinkLoop)).ConfigureAwait(false);
        _scheduler.Dispose();
        _stop.Dispose();
    }

    private async Task RunUplinkAsync(CancellationToken stop)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagramBytes);
        var from = new SocketAddress(_listener.AddressFamily);
        while (true)
        {
            int length;
            try
            {
                length = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, from, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, stop))
            {
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            var association = FindOrAdd(from);
            if (association is null)
                continue;
            var now = _clock.Now;
            association.Touch(now);
            Forward(association.UplinkShaper, now, buffer.AsSpan(0, length), association.ToServer, Uplink);
        }
    }

    private async Task RunDownlinkAsync(UdpAssociation association, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagramBytes);
        try
        {
            while (true)
            {
                int length;
                try
                {
                    length = await association.Upstream.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false);
                }
                catch (Exception e) when (IsTransient(e, stop))
                {
                    continue; // the target port was closed for a moment (ICMP unreachable); keep listening
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    return;
                }
                var now = _clock.Now;
                association.Touch(now);
                Forward(association.DownlinkShaper, now, buffer.AsSpan(0, length), association.ToClient, Downlink);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Forward(LinkShaper shaper, TimeSpan now, ReadOnlySpan<byte> datagram, IDatagramSink sink, LinkCounters counters)
    {
        var verdict = shaper.ShapeDatagram(now, datagram.Length);
        if (!verdict.IsForwarded)
            return;
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, datagram.Length));
        datagram.CopyTo(copy);
        if (!_scheduler.TrySchedule(verdict.Departure, copy, datagram.Length, sink, counters))
        {
            ArrayPool<byte>.Shared.Return(copy);
            counters.AddDroppedByQueue();
        }
    }

    private UdpAssociation? FindOrAdd(SocketAddress from)
    {
        lock (_gate)
        {
            if (_associations.TryGetValue(from, out var existing))
                return existing;
            if (_associations.Count >= _options.MaxUdpAssociations || _stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _refusedAssociations);
                return null;
            }
            // The receive address is reused by the loop, so the key must be a copy.
            var key = new SocketAddress(from.Family, from.Size);
            from.Buffer.Span[..from.Size].CopyTo(key.Buffer.Span);
            var clientEndPoint = (IPEndPoint)LocalEndPoint.Create(key);
            UdpAssociation association;
            try
            {
                association = new UdpAssociation(
                    key, clientEndPoint, _listener, Target, _options.UpstreamAddressFor(Target),
                    _sharedUplink ?? NewShaper(Profile.Uplink, Uplink),
                    _sharedDownlink ?? NewShaper(Profile.Downlink, Downlink),
                    _clock.Now);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _refusedAssociations);
                return null;
            }
            _associations.Add(key, association);
            association.DownlinkLoop = Task.Run(() => RunDownlinkAsync(association, _stop.Token));
            return association;
        }
    }

    private void SweepIdle()
    {
        var cutoff = _clock.Now - _options.UdpIdleTimeout;
        List<UdpAssociation>? idle = null;
        lock (_gate)
        {
            foreach (var association in _associations.Values)
            {
                if (association.LastActive < cutoff)
                    (idle ??= []).Add(association);
            }
            foreach (var association in idle ?? [])
                _associations.Remove(association.Client);
        }
        // Closing the socket ends its downlink loop.
        foreach (var association in idle ?? [])
            association.Dispose();
    }

    private LinkShaper NewShaper(LinkDirection direction, LinkCounters counters) =>
        new(direction, Outages, unchecked(_options.Seed * 31 + Interlocked.Increment(ref _shapersMade)), counters, _options.TcpLoss);

    /// <summary>Errors a UDP socket reports for an earlier send (ICMP port unreachable) rather than for itself.</summary>
    private static bool IsTransient(Exception e, CancellationToken stop) =>
        !stop.IsCancellationRequested
        && e is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize };
}
