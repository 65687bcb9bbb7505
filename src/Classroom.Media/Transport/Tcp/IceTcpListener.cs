using System.Net;
using System.Net.Sockets;
using System.Text;
using Classroom.Media.Stun;

namespace Classroom.Media.Transport.Tcp;

/// <summary>
/// The relay's one passive ICE-TCP port (RFC 6544 §4.5, tcptype passive): for schools whose firewall
/// lets only TCP out. One listener serves every receive loop: a connection's first frame must be a
/// STUN binding request whose USERNAME names a transport of this relay, and that transport's loop gets
/// every frame after it, so a room's packets still meet on one thread. The listener holds the bounds
/// (<see cref="TcpLimits"/>): connections open and unbound, per address, and the deadlines a
/// connection must meet (first frame, binding, no frame half-received for long), checked once a second.
/// </summary>
public sealed class IceTcpListener : IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The kernel's send buffer per connection: small, so a slow link backs up into our queue, where whole packets are dropped, and not into seconds of kernel buffer.</summary>
    private const int SocketSendBuffer = 32 * 1024;

    private readonly Socket _listen;
    private readonly TimeProvider _time;
    private readonly Func<IReadOnlyList<MediaSocket>> _loops;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<TcpConnection> _open = [];
    private readonly HashSet<TcpConnection> _pendingSet = [];
    private readonly Dictionary<IPAddress, int> _pendingByAddress = [];
    private readonly long[] _closed = new long[Enum.GetValues<TcpCloseReason>().Length];
    private ITimer? _sweep;
    private Task? _accepting;
    private long _accepted;
    private long _refused;

    public IceTcpListener(IPEndPoint bind, TcpLimits limits, TimeProvider time, Func<IReadOnlyList<MediaSocket>> loops)
    {
        Limits = limits;
        _time = time;
        _loops = loops;
        _listen = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // A restarted server must get its port back while old connections linger in TIME_WAIT.
        _listen.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listen.Bind(bind);
    }

    public TcpLimits Limits { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listen.LocalEndPoint!;

    internal long Now => _time.GetTimestamp();

    /// <summary>Connections accepted since the start.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections closed at once because a limit was reached.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Connections closed for <paramref name="reason"/>.</summary>
    public long ClosedFor(TcpCloseReason reason) => Interlocked.Read(ref _closed[(int)reason]);

    /// <summary>Connections open now.</summary>
    public int Open
    {
        get
        {
            lock (_gate) return _open.Count;
        }
    }

    /// <summary>Connections open and not yet bound to a peer.</summary>
    public int Pending
    {
        get
        {
            lock (_gate) return _pendingSet.Count;
        }
    }

    /// <summary>The connections open now (a copy, for tests and diagnostics).</summary>
    internal TcpConnection[] Snapshot()
    {
        lock (_gate) return [.. _open];
    }

    public void Start()
    {
        if (_accepting is not null) return;
        _listen.Listen(128);
        _accepting = Task.Run(AcceptAsync);
        _sweep = _time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listen.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // a connection reset before we took it
            }
            Admit(socket);
        }
    }

    private void Admit(Socket socket)
    {
        TcpConnection connection;
        try
        {
            socket.NoDelay = true; // media is latency: never wait to coalesce a small packet
            socket.SendBufferSize = SocketSendBuffer;
            connection = new TcpConnection(socket, this, Limits.SendQueueBytes, _time.GetTimestamp());
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            return;
        }
        lock (_gate)
        {
            var fromAddress = _pendingByAddress.GetValueOrDefault(connection.Remote.Address);
            if (_stop.IsCancellationRequested || _open.Count >= Limits.MaxConnections || _pendingSet.Count >= Limits.MaxPending
                || fromAddress >= Limits.MaxPendingPerAddress)
            {
                Interlocked.Increment(ref _refused);
                socket.Dispose();
                return;
            }
            _open.Add(connection);
            _pendingSet.Add(connection);
            _pendingByAddress[connection.Remote.Address] = fromAddress + 1;
        }
        Interlocked.Increment(ref _accepted);
        connection.Start();
    }

    /// <summary>
    /// The loop whose socket holds the transport a connection's first frame names (by the local ufrag
    /// in USERNAME), or null: that frame is not a STUN binding request for a transport of ours.
    /// Its integrity is checked on that loop, by the transport's ICE agent.
    /// </summary>
    internal MediaSocket? Route(ReadOnlySpan<byte> frame)
    {
        if (PacketClass.Of(frame) != PacketKind.Stun || !StunMessage.TryParse(frame, out var message, out _)
            || message.Type != StunMessageType.BindingRequest || message.UsernameLength == 0)
        {
            return null;
        }
        var username = message.Username(frame);
        var colon = username.IndexOf((byte)':');
        Span<char> ufrag = stackalloc char[256];
        if (colon <= 0 || colon > ufrag.Length || Encoding.ASCII.GetChars(username[..colon], ufrag) != colon) return null;
        foreach (var loop in _loops())
        {
            if (loop.OwnsUfrag(ufrag[..colon])) return loop;
        }
        return null;
    }

    internal void OnBound(TcpConnection connection)
    {
        lock (_gate) ForgetPending(connection);
    }

    internal void OnClosed(TcpConnection connection, TcpCloseReason reason)
    {
        Interlocked.Increment(ref _closed[(int)reason]);
        lock (_gate)
        {
            _open.Remove(connection);
            ForgetPending(connection);
        }
    }

    /// <summary>Caller holds the gate.</summary>
    private void ForgetPending(TcpConnection connection)
    {
        if (!_pendingSet.Remove(connection)) return;
        var address = connection.Remote.Address;
        if (_pendingByAddress.TryGetValue(address, out var count) && count > 1) _pendingByAddress[address] = count - 1;
        else _pendingByAddress.Remove(address);
    }

    /// <summary>Closes connections past a deadline: no first frame, never bound, a frame half-received for too long.</summary>
    private void Sweep()
    {
        List<(TcpConnection, TcpCloseReason)>? late = null;
        lock (_gate)
        {
            foreach (var connection in _open)
            {
                var age = _time.GetElapsedTime(connection.OpenedAt);
                var partial = connection.PartialSince;
                TcpCloseReason? reason =
                    partial != 0 && _time.GetElapsedTime(partial) > Limits.PartialFrameTimeout ? TcpCloseReason.PartialFrameTimeout
                    : !connection.IsBound && (age > Limits.BindTimeout || (connection.FramesReceived == 0 && age > Limits.FirstFrameTimeout)) ? TcpCloseReason.BindTimeout
                    : null;
                if (reason is { } r) (late ??= []).Add((connection, r));
            }
        }
        if (late is null) return;
        foreach (var (connection, reason) in late) connection.Close(reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sweep is { } sweep) await sweep.DisposeAsync();
        _listen.Dispose();
        if (_accepting is { } accepting) await accepting;
        TcpConnection[] open;
        lock (_gate) open = [.. _open];
        foreach (var connection in open) connection.Close(TcpCloseReason.Shutdown);
        _stop.Dispose();
    }
}
