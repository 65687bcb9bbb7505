using System.Net;
using System.Net.Sockets;
using Classroom.Media.Transport.Udp;

namespace Classroom.Media.Transport.Tcp;

/// <summary>Why an ICE-TCP connection was closed (counted by the listener).</summary>
public enum TcpCloseReason
{
    /// <summary>The browser closed it, or the network reset it.</summary>
    RemoteClosed = 0,

    /// <summary>A frame announced 0 bytes or more than <see cref="Rfc4571Deframer.MaxFrame"/>.</summary>
    InvalidFrame,

    /// <summary>Its first frame was not a STUN binding request naming a transport of this relay.</summary>
    NotStunFirst,

    /// <summary>No whole first frame in time, or no valid check bound it in time.</summary>
    BindTimeout,

    /// <summary>A frame stayed half-received too long.</summary>
    PartialFrameTimeout,

    /// <summary>The peer it was bound to closed, or already had as many connections as it may.</summary>
    PeerClosed,

    /// <summary>The relay stopped.</summary>
    Shutdown,
}

/// <summary>
/// One accepted ICE-TCP connection (RFC 6544 passive side). Its reader, on the thread pool, cuts the
/// stream into RFC 4571 frames and posts each to the receive loop of the peer it belongs to, which
/// handles it as it would a datagram; its writer drains <see cref="Queue"/> to the socket. Neither
/// ever blocks a receive loop. Bound to a peer (on that loop) by a valid STUN check; closed on bad
/// framing, on the listener's deadlines, or with its peer.
/// </summary>
public sealed class TcpConnection : IDisposable
{
    private const int ReadChunk = 4096;
    private const int WriteChunk = 16 * 1024;

    private readonly Socket _socket;
    private readonly IceTcpListener _listener;
    private readonly Rfc4571Deframer _deframer = new();
    private readonly SemaphoreSlim _writeSignal = new(0);
    private readonly CancellationTokenSource _closing = new();
    private int _closed;
    private long _partialSince;
    private long _frames;

    internal TcpConnection(Socket socket, IceTcpListener listener, int sendQueueBytes, long openedAt)
    {
        _socket = socket;
        _listener = listener;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        // ICE compares endpoints as UDP does: IPv4 as IPv4, even on a dual-stack listener.
        Remote = remote.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(remote.Address.MapToIPv4(), remote.Port) : remote;
        RemoteAddress = UdpAddress.From(Remote);
        Queue = new TcpSendRing(sendQueueBytes);
        OpenedAt = openedAt;
    }

    /// <summary>The browser's end of the connection, as ICE sees it (XOR-MAPPED-ADDRESS, the validated pair).</summary>
    public IPEndPoint Remote { get; }

    internal UdpAddress RemoteAddress { get; }

    public TcpSendRing Queue { get; }

    /// <summary>When it was accepted (the listener's clock).</summary>
    internal long OpenedAt { get; }

    /// <summary>The receive loop its frames go to, chosen by its first frame's USERNAME.</summary>
    internal MediaSocket? Loop { get; private set; }

    /// <summary>The peer a valid check bound it to; set and read on <see cref="Loop"/>'s thread.</summary>
    internal MediaPeer? Peer { get; private set; }

    public bool IsBound => Volatile.Read(ref _bound) != 0;
    private int _bound;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Whole frames received.</summary>
    public long FramesReceived => Interlocked.Read(ref _frames);

    /// <summary>When the frame now half-received started arriving (0: none is).</summary>
    internal long PartialSince => Interlocked.Read(ref _partialSince);

    internal void Start()
    {
        _ = Task.Run(ReadAsync);
        _ = Task.Run(WriteAsync);
    }

    /// <summary>Binds the connection to <paramref name="peer"/> (on its loop, after a valid check).</summary>
    internal void Bind(MediaPeer peer)
    {
        Peer = peer;
        if (Interlocked.Exchange(ref _bound, 1) == 0) _listener.OnBound(this);
    }

    /// <summary>
    /// Queues one packet (STUN, DTLS, SRTP) for the browser, framed, from any thread. False when the
    /// connection closed or its queue is full (the packet is dropped whole).
    /// </summary>
    internal bool TrySend(ReadOnlySpan<byte> packet)
    {
        if (IsClosed) return false;
        if (!Queue.TryEnqueue(packet, out var wasEmpty)) return false;
        if (wasEmpty) _writeSignal.Release();
        return true;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[ReadChunk];
        var reason = TcpCloseReason.RemoteClosed;
        try
        {
            while (!IsClosed)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _closing.Token);
                if (read == 0) break;
                var offset = 0;
                while (offset < read)
                {
                    var result = NextFrame(buffer, ref offset, read);
                    if (result == DeframeResult.NeedMore) break;
                    if (result == DeframeResult.Invalid)
                    {
                        Close(TcpCloseReason.InvalidFrame);
                        return;
                    }
                    Interlocked.Increment(ref _frames);
                    // Nothing may come before a STUN check for a transport of ours: that check names the
                    // peer (its ufrag), and so the one receive loop this connection's frames go to.
                    Loop ??= _listener.Route(_deframer.LastFrame);
                    if (Loop is null)
                    {
                        Close(TcpCloseReason.NotStunFirst);
                        return;
                    }
                    // A full inbox: the loop is behind. Wait, reading nothing, so TCP slows the sender;
                    // what TCP already delivered is handed on, not dropped.
                    while (!Loop.TryPostTcp(this, _deframer.LastFrame)) await Task.Delay(1, _closing.Token);
                }
                Interlocked.Exchange(ref _partialSince, _deframer.Partial ? (PartialSince == 0 ? _listener.Now : PartialSince) : 0);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // reset by the network, or closed by us
        }
        Close(reason);
    }

    /// <summary>Runs the deframer over <paramref name="buffer"/> from <paramref name="offset"/> (advanced past what it took).</summary>
    private DeframeResult NextFrame(byte[] buffer, ref int offset, int end)
    {
        ReadOnlySpan<byte> input = buffer.AsSpan(offset, end - offset);
        var before = input.Length;
        var result = _deframer.Next(ref input, out _);
        offset += before - input.Length;
        return result;
    }

    private async Task WriteAsync()
    {
        var chunk = new byte[WriteChunk];
        try
        {
            while (!IsClosed)
            {
                // No token: a cancellable wait makes each Release from the loop queue a delegate (an
                // allocation on the packet path). Close releases the signal instead.
                await _writeSignal.WaitAsync();
                int length;
                while ((length = Queue.Dequeue(chunk)) > 0)
                {
                    var sent = 0;
                    while (sent < length) sent += await _socket.SendAsync(chunk.AsMemory(sent, length - sent), SocketFlags.None, _closing.Token);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(TcpCloseReason.RemoteClosed);
        }
    }

    public void Dispose() => Close(TcpCloseReason.Shutdown);

    /// <summary>Closes the connection once (any thread); the listener counts why.</summary>
    internal void Close(TcpCloseReason reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        // Counted before the browser can see the close: what it observes, the counters already say.
        _listener.OnClosed(this, reason);
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already reset
        }
        _socket.Dispose();
        // The writer wakes, sees the flag and ends; the signal and token stay valid for a late TrySend.
        _writeSignal.Release();
    }
}
