using Org.BouncyCastle.Tls;

namespace Classroom.Media.Dtls;

// BouncyCastle's DTLS engine pulls datagrams through a DatagramTransport. Ours is fed by the UDP
// demultiplexer (only datagrams from addresses ICE validated) and sends through a callback, so one
// socket serves every peer. The queue is bounded: a flood of handshake records cannot grow memory.
// Receive blocks only the handshake's own thread (a plain monitor wait: no thread-pool work while
// waiting), and never past the deadline: a handshake that stalls ends with TlsTimeoutException.

public sealed class DtlsDatagramFeed(Action<ReadOnlyMemory<byte>> send, int mtu = 1200, TimeProvider? time = null, TimeSpan? timeout = null)
    : DatagramTransport
{
    private const int Capacity = 64;
    private readonly Queue<byte[]> _incoming = new(Capacity);
    private readonly object _gate = new(); // Monitor.Wait needs a monitor, not a System.Threading.Lock
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly long _started = (time ?? TimeProvider.System).GetTimestamp();
    private bool _closed;

    /// <summary>How long the whole handshake over this feed may take (infinite when not given).</summary>
    public TimeSpan Timeout { get; } = timeout ?? System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>Hands a DTLS datagram from the validated address to the handshake or the session.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > GetReceiveLimit()) return false;
        var copy = datagram.ToArray();
        lock (_gate)
        {
            if (_closed) return false;
            if (_incoming.Count == Capacity) _incoming.Dequeue(); // the oldest goes: retransmissions carry it again
            _incoming.Enqueue(copy);
            Monitor.PulseAll(_gate);
        }
        return true;
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        byte[] datagram;
        lock (_gate)
        {
            while (true)
            {
                if (_incoming.TryDequeue(out datagram!)) break;
                if (_closed) throw new TlsFatalAlert(AlertDescription.close_notify);
                var left = Remaining();
                if (left <= TimeSpan.Zero) throw new TlsTimeoutException("The DTLS handshake did not finish in time.");
                var wait = TimeSpan.FromMilliseconds(Math.Max(1, waitMillis));
                if (wait > left) wait = left;
                if (!Monitor.Wait(_gate, wait) && _incoming.Count == 0)
                {
                    if (Remaining() <= TimeSpan.Zero) throw new TlsTimeoutException("The DTLS handshake did not finish in time.");
                    return -1;
                }
            }
        }
        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    private TimeSpan Remaining() =>
        Timeout == System.Threading.Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : Timeout - _time.GetElapsedTime(_started);

    public void Send(byte[] buf, int off, int len) => send(buf.AsMemory(off, len).ToArray());

    public void Send(ReadOnlySpan<byte> buffer) => send(buffer.ToArray());

    /// <summary>Wakes a waiting handshake, which then fails; later datagrams are refused.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
