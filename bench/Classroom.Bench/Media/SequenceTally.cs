namespace Classroom.Bench.Media;

/// <summary>What a subscriber counted of one SSRC so far (cumulative; subtract two of them for a step).</summary>
public readonly record struct SequenceCounts(long Received, long Lost, long Duplicates)
{
    public static SequenceCounts operator -(SequenceCounts after, SequenceCounts before) =>
        new(after.Received - before.Received, after.Lost - before.Lost, after.Duplicates - before.Duplicates);
}

/// <summary>
/// Sequence numbers of one RTP stream as a receiver sees them in the clear header (RFC 3550 §A.1):
/// extended to 32 bits across wrap-arounds, counted once each (a window of the last
/// <see cref="Window"/> numbers tells a duplicate from a late packet), and lost = expected − received,
/// where expected runs from the first number seen to the highest. A packet missing at the very end
/// shows as lost only once a later one arrives. Single writer (the receiving thread); not thread-safe.
/// </summary>
public sealed class SequenceTally
{
    /// <summary>How far back a late packet is still told from a duplicate (RFC 3550's MAX_MISORDER is 100).</summary>
    public const int Window = 1024;

    private readonly ulong[] _seen = new ulong[Window / 64];
    private bool _started;
    private long _first;
    private long _highest;
    private long _received;
    private long _duplicates;
    private long _tooLate;

    /// <summary>Counts one arrival of <paramref name="sequence"/>.</summary>
    public void Add(ushort sequence)
    {
        if (!_started)
        {
            _started = true;
            _first = _highest = sequence;
            Mark(sequence);
            _received++;
            return;
        }
        // The nearest extended number with these low 16 bits: forward up to 2^15, else backward.
        var extended = _highest + (short)(sequence - (ushort)_highest);
        if (extended > _highest)
        {
            var advance = extended - _highest;
            if (advance >= Window) Array.Clear(_seen);
            else for (var n = _highest + 1; n <= extended; n++) Unmark(n);
            _highest = extended;
        }
        else if (_highest - extended >= Window)
        {
            // Older than the window: it cannot be told from a duplicate; counted apart.
            _tooLate++;
            return;
        }
        if (IsMarked(extended))
        {
            _duplicates++;
            return;
        }
        Mark(extended);
        _received++;
        // A packet from before the first one seen (reordered at the start) widens what was expected.
        if (extended < _first) _first = extended;
    }

    /// <summary>Distinct packets received, how many numbers between the first and the highest never came, duplicates.</summary>
    public SequenceCounts Counts => new(_received, _started ? Math.Max(0, _highest - _first + 1 - _received) : 0, _duplicates);

    /// <summary>Packets that came more than <see cref="Window"/> numbers behind the highest (not counted as received).</summary>
    public long TooLate => _tooLate;

    private void Mark(long n) => _seen[(int)((n & (Window - 1)) >> 6)] |= 1UL << (int)(n & 63);
    private void Unmark(long n) => _seen[(int)((n & (Window - 1)) >> 6)] &= ~(1UL << (int)(n & 63));
    private bool IsMarked(long n) => (_seen[(int)((n & (Window - 1)) >> 6)] & (1UL << (int)(n & 63))) != 0;
}
