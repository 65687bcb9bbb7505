namespace Classroom.Media.Transport.Tcp;

/// <summary>
/// Frames read from ICE-TCP connections, waiting for the receive loop that owns their peers. Many
/// connection readers (thread pool) post; one loop takes. Two fixed sets of slots allocated once: the
/// readers fill one under a short lock while the loop handles the other without any, and the loop
/// swaps them when it comes back for more. When the filling set is full the poster is told so and
/// waits before trying again (<see cref="TcpConnection"/> reads nothing meanwhile): TCP's flow control
/// then slows the browser, and nothing TCP already delivered is thrown away.
/// </summary>
internal sealed class TcpInbox
{
    public const int Slots = 256;

    private readonly Lock _gate = new();
    private Batch _filling = new();
    private Batch _handling = new();

    /// <summary>Copies <paramref name="frame"/> in; false when full (try again later). <paramref name="wasEmpty"/>: the loop may be asleep and needs waking.</summary>
    public bool TryPost(TcpConnection from, ReadOnlySpan<byte> frame, out bool wasEmpty)
    {
        lock (_gate)
        {
            wasEmpty = _filling.Count == 0;
            return _filling.TryAdd(from, frame);
        }
    }

    /// <summary>On the loop: everything posted so far, to handle before the next call (empty when nothing waits).</summary>
    public Batch Take()
    {
        _handling.Clear();
        lock (_gate) (_filling, _handling) = (_handling, _filling);
        return _handling;
    }

    internal sealed class Batch
    {
        private readonly byte[] _data = new byte[Slots * Rfc4571Deframer.MaxFrame];
        private readonly int[] _lengths = new int[Slots];
        private readonly TcpConnection?[] _from = new TcpConnection?[Slots];

        public int Count { get; private set; }

        public bool TryAdd(TcpConnection from, ReadOnlySpan<byte> frame)
        {
            if (Count == Slots || frame.Length > Rfc4571Deframer.MaxFrame) return false;
            frame.CopyTo(_data.AsSpan(Count * Rfc4571Deframer.MaxFrame));
            _lengths[Count] = frame.Length;
            _from[Count] = from;
            Count++;
            return true;
        }

        public Span<byte> Frame(int index) => _data.AsSpan(index * Rfc4571Deframer.MaxFrame, _lengths[index]);

        public TcpConnection From(int index) => _from[index]!;

        public void Clear()
        {
            // Drop the references so a closed connection is not kept alive by a stale slot.
            Array.Clear(_from, 0, Count);
            Count = 0;
        }
    }
}
