using Classroom.Media.Rtcp;
using Classroom.Media.Rtp;

namespace Classroom.Media.Sfu.Congestion;

// The receive side of transport-wide congestion control, for publishers: the relay notes when each of
// a publisher's packets arrived, by the transport-wide number the browser stamped, and about every
// 100 ms sends it one feedback packet (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). The
// browser's own estimator then adapts its encoders to the uplink between it and the relay: a teacher
// on a village line gets a camera that fits that line instead of one that loses packets on it.

/// <summary>Arrival times of one publisher's packets, reported back as transport-wide feedback. Receive loop only.</summary>
public sealed class ArrivalRecorder
{
    public const long IntervalMicros = 100_000;

    /// <summary>Numbers one feedback may cover; a longer gap restarts the report after it.</summary>
    private const int Window = 1024;

    private readonly long[] _arrivals = new long[Window];
    private bool _started;
    private bool _pending;
    private ushort _base;
    private ushort _highest;
    private long _lastSent = -1;
    private byte _feedbackCount;

    public ArrivalRecorder() => Array.Fill(_arrivals, -1);

    public void Record(ushort sequence, long nowMicros)
    {
        if (!_started || !_pending)
        {
            if (_started && !SequenceRewriter.IsNewer(sequence, _highest)) return; // already reported
            _started = true;
            _pending = true;
            _base = sequence;
            _highest = sequence;
        }
        else if (SequenceRewriter.IsNewer(sequence, _highest))
        {
            // Too far ahead for one report: what lies before the window is given up as unreported.
            while ((ushort)(sequence - _base) >= Window) _arrivals[_base++ % Window] = -1;
            _highest = sequence;
        }
        else if (SequenceRewriter.IsNewer(_base, sequence))
        {
            return; // older than this report: a duplicate or very late
        }
        _arrivals[sequence % Window] = nowMicros;
    }

    /// <summary>Whether a feedback is due at <paramref name="nowMicros"/>.</summary>
    public bool Due(long nowMicros) => _pending && (_lastSent < 0 || nowMicros - _lastSent >= IntervalMicros);

    /// <summary>Writes the feedback for everything recorded since the last one; 0 when nothing is due.</summary>
    public int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, long nowMicros)
    {
        if (!Due(nowMicros)) return 0;
        var count = (ushort)(_highest - _base) + 1;
        Span<long> arrivals = stackalloc long[count];
        for (var i = 0; i < count; i++)
        {
            var slot = (ushort)(_base + i) % Window;
            arrivals[i] = _arrivals[slot];
            _arrivals[slot] = -1;
        }
        var length = TransportFeedback.Write(destination, senderSsrc, mediaSsrc, _base, _feedbackCount, arrivals);
        _feedbackCount++;
        _lastSent = nowMicros;
        _pending = false;
        _base = (ushort)(_highest + 1);
        return length;
    }
}
