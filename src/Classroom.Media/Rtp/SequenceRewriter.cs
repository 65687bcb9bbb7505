namespace Classroom.Media.Rtp;

// RFC 3550 §A.1: sequence numbers are 16-bit and wrap. A subscriber must see one continuous
// sequence even when the relay switches the source behind it (simulcast layer change, a new
// publisher in the same slot) or drops packets on purpose (a muted student): the rewriter keeps
// the subscriber's numbering gapless across those, and leaves real losses visible as gaps so NACK
// still works.
//
// RFC 4585 §6.2.1: a NACK names numbers of the subscriber's sequence. Each shift of the mapping
// (a packet dropped on purpose, a new source) changes which source packet a number stands for, so
// the numbers that went out are remembered as sent, never recomputed; and a packet arriving late from
// before a shift is not sent at all, since the number it would get may already carry another packet.

/// <summary>Maps a source's sequence numbers to a subscriber's, per outgoing stream. Not thread-safe.</summary>
public sealed class SequenceRewriter
{
    /// <summary>Output numbers remembered for NACKs: as many as a producer's packet cache holds.</summary>
    public const int History = 512;

    private readonly int[]? _sentOutput;
    private readonly ushort[]? _sentInput;
    private bool _started;
    private bool _sentAny;
    private ushort _offset;
    private ushort _lastOut;
    private ushort _highestIn;

    // The input at which the mapping last shifted; late packets at or before it are refused.
    private bool _hasFloor;
    private ushort _floor;

    /// <param name="rememberSent">Keep the last <see cref="History"/> numbers sent (streams whose receivers NACK).</param>
    public SequenceRewriter(bool rememberSent = false)
    {
        if (!rememberSent) return;
        _sentOutput = new int[History];
        _sentInput = new ushort[History];
        Array.Fill(_sentOutput, -1);
    }

    /// <summary>The next packet starts a new source: its first packet continues right after the last one sent.</summary>
    public void Sync() => _started = false;

    /// <summary>
    /// A packet of the relay's own (probe padding) goes out after the last one sent: returns its number
    /// and moves the mapping on by one, so later source packets follow it without a gap. False before
    /// anything was sent. Late source packets from before it are refused like after any shift.
    /// </summary>
    public bool TryInsert(out ushort output)
    {
        output = 0;
        if (!_started || !_sentAny) return false;
        output = (ushort)(_lastOut + 1);
        _offset--;
        _lastOut = output;
        SetFloor(_highestIn);
        if (_sentOutput is not null)
        {
            var slot = output % History;
            _sentOutput[slot] = -1; // nothing to retransmit under this number
        }
        return true;
    }

    /// <summary>A packet dropped on purpose: later packets close the hole it would leave.</summary>
    public void Skip(ushort input)
    {
        if (_started && IsNewer(input, _highestIn))
        {
            _offset++;
            _highestIn = input;
            SetFloor(input);
        }
    }

    /// <summary>
    /// The subscriber's number for source packet <paramref name="input"/>; false when the packet must not
    /// be sent (it arrived late from before a shift of the mapping, or its number already went out with
    /// another packet).
    /// </summary>
    public bool TryRewrite(ushort input, out ushort output)
    {
        if (!_started)
        {
            _started = true;
            _offset = (ushort)(input - (ushort)(_lastOut + 1));
            _highestIn = input;
            // After a new source, older packets of it would take numbers the previous source used.
            if (_sentAny) SetFloor((ushort)(input - 1));
            _sentAny = true;
        }
        else if (IsNewer(input, _highestIn))
        {
            _highestIn = input;
            // A shift far behind can no longer be confused with a late packet: forget it before the
            // 16-bit comparison with it wraps.
            if (_hasFloor && (ushort)(_highestIn - _floor) >= History) _hasFloor = false;
        }
        else
        {
            var age = (ushort)(_highestIn - input);
            if (age >= History || (_hasFloor && age >= (ushort)(_highestIn - _floor)))
            {
                output = 0;
                return false;
            }
        }

        output = (ushort)(input - _offset);
        if (_sentOutput is not null)
        {
            var slot = output % History;
            if (_sentOutput[slot] == output && _sentInput![slot] != input) return false;
            _sentOutput[slot] = output;
            _sentInput![slot] = input;
        }
        if (IsNewer(output, _lastOut) || output == _lastOut) _lastOut = output;
        return true;
    }

    /// <summary>
    /// The source packet that went out under <paramref name="output"/>, if it is among the last
    /// <see cref="History"/> sent. NACKs are answered with exactly that packet or not at all.
    /// </summary>
    public bool TryFindSent(ushort output, out ushort input)
    {
        input = 0;
        if (_sentOutput is null) return false;
        var slot = output % History;
        if (_sentOutput[slot] != output || !IsNewer((ushort)(_lastOut + 1), output) || (ushort)(_lastOut - output) >= History) return false;
        input = _sentInput![slot];
        return true;
    }

    private void SetFloor(ushort input)
    {
        _floor = input;
        _hasFloor = true;
    }

    /// <summary>RFC 1982 serial-number comparison for 16-bit numbers.</summary>
    public static bool IsNewer(ushort a, ushort b) => a != b && (ushort)(a - b) < 0x8000;
}
