namespace Classroom.Media.Rtp;

// RFC 3550 §A.1: sequence numbers are 16-bit and wrap. A subscriber must see one continuous
// sequence even when the relay switches the source behind it (simulcast layer change, a new
// publisher in the same slot) or drops packets on purpose (a muted student): the rewriter keeps
// the subscriber's numbering gapless across those, and leaves real losses visible as gaps so NACK
// still works.

/// <summary>Maps a source's sequence numbers to a subscriber's, per outgoing stream. Not thread-safe.</summary>
public sealed class SequenceRewriter
{
    private bool _started;
    private ushort _offset;
    private ushort _lastOut;
    private ushort _highestIn;

    /// <summary>The next packet starts a new source: its first packet continues right after the last one sent.</summary>
    public void Sync() => _started = false;

    /// <summary>A packet dropped on purpose: later packets close the hole it would leave.</summary>
    public void Skip(ushort input)
    {
        if (_started && IsNewer(input, _highestIn))
        {
            _offset++;
            _highestIn = input;
        }
    }

    public ushort Rewrite(ushort input)
    {
        if (!_started)
        {
            _started = true;
            _offset = (ushort)(input - (ushort)(_lastOut + 1));
            _highestIn = input;
        }
        else if (IsNewer(input, _highestIn))
        {
            _highestIn = input;
        }
        var output = (ushort)(input - _offset);
        if (IsNewer(output, _lastOut) || output == _lastOut) _lastOut = output;
        return output;
    }

    /// <summary>The source sequence number an output number stands for now (NACKs name output numbers).</summary>
    public ushort ToInput(ushort output) => (ushort)(output + _offset);

    /// <summary>RFC 1982 serial-number comparison for 16-bit numbers.</summary>
    public static bool IsNewer(ushort a, ushort b) => a != b && (ushort)(a - b) < 0x8000;
}
