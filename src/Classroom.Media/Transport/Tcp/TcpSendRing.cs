namespace Classroom.Media.Transport.Tcp;

/// <summary>
/// What waits to be written to one ICE-TCP connection: RFC 4571 frames in a ring of bytes allocated
/// once. Producers (the receive loop forwarding, timers sending reports, a DTLS handshake thread)
/// add whole frames or nothing: a frame that does not fit is dropped whole and counted, as a full
/// router queue drops a datagram, because half a frame would break the stream's framing for good.
/// The connection's writer takes bytes out in order. A short lock guards the two indices; neither side
/// blocks on the network while holding it.
/// </summary>
public sealed class TcpSendRing
{
    private readonly Lock _gate = new();
    private readonly byte[] _ring;
    private int _head; // next byte to write out
    private int _count; // bytes queued
    private long _dropped;
    private long _frames;

    public TcpSendRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, Rfc4571Deframer.PrefixLength + Rfc4571Deframer.MaxFrame);
        _ring = new byte[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>Bytes waiting to be written.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _count;
        }
    }

    /// <summary>Frames refused because the queue was full (each lost whole).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames queued since the start.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>
    /// Queues <paramref name="packet"/> with its length prefix. False (and counted) when it is empty,
    /// larger than a frame may be, or does not fit whole. <paramref name="wasEmpty"/> tells the caller
    /// the writer may be idle and needs a nudge.
    /// </summary>
    public bool TryEnqueue(ReadOnlySpan<byte> packet, out bool wasEmpty)
    {
        wasEmpty = false;
        if (packet.IsEmpty || packet.Length > Rfc4571Deframer.MaxFrame)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        Span<byte> prefix = [(byte)(packet.Length >> 8), (byte)packet.Length];
        lock (_gate)
        {
            var needed = prefix.Length + packet.Length;
            if (_ring.Length - _count < needed)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }
            wasEmpty = _count == 0;
            var tail = (_head + _count) % _ring.Length;
            tail = Put(prefix, tail);
            Put(packet, tail);
            _count += needed;
        }
        Interlocked.Increment(ref _frames);
        return true;
    }

    /// <summary>Moves up to <paramref name="destination"/>'s length of queued bytes out, in order; returns how many.</summary>
    public int Dequeue(Span<byte> destination)
    {
        lock (_gate)
        {
            var take = Math.Min(destination.Length, _count);
            var first = Math.Min(take, _ring.Length - _head);
            _ring.AsSpan(_head, first).CopyTo(destination);
            _ring.AsSpan(0, take - first).CopyTo(destination[first..]);
            _head = (_head + take) % _ring.Length;
            _count -= take;
            return take;
        }
    }

    /// <summary>Caller holds the gate. Copies across the ring's end; returns the index after.</summary>
    private int Put(ReadOnlySpan<byte> bytes, int at)
    {
        var first = Math.Min(bytes.Length, _ring.Length - at);
        bytes[..first].CopyTo(_ring.AsSpan(at));
        bytes[first..].CopyTo(_ring);
        return (at + bytes.Length) % _ring.Length;
    }
}
