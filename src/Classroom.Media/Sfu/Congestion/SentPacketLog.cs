namespace Classroom.Media.Sfu.Congestion;

/// <summary>
/// What the relay sent on one transport, by transport-wide sequence number: when and how big. The
/// receiver's feedback names only numbers and arrival times; the send side of the estimate comes
/// from here. A fixed ring: numbers older than <see cref="Capacity"/> packets are forgotten.
/// </summary>
public sealed class SentPacketLog
{
    public const int Capacity = 4096;

    private readonly long[] _sentAt = new long[Capacity];
    private readonly int[] _size = new int[Capacity];
    private readonly int[] _sequence = new int[Capacity];
    private ushort _next;

    public SentPacketLog() => Array.Fill(_sequence, -1);

    /// <summary>The number the next packet will carry.</summary>
    public ushort Next => _next;

    /// <summary>Takes the next number for a packet of <paramref name="size"/> bytes sent at <paramref name="nowMicros"/>.</summary>
    public ushort Add(int size, long nowMicros)
    {
        var sequence = _next++;
        var slot = sequence % Capacity;
        _sequence[slot] = sequence;
        _sentAt[slot] = nowMicros;
        _size[slot] = size;
        return sequence;
    }

    public bool TryGet(ushort sequence, out long sentAtMicros, out int size)
    {
        var slot = sequence % Capacity;
        // A number from the future (never sent) or one overwritten by a newer lap is unknown.
        if (_sequence[slot] != sequence || (ushort)(_next - sequence) > Capacity || sequence == _next)
        {
            sentAtMicros = 0;
            size = 0;
            return false;
        }
        sentAtMicros = _sentAt[slot];
        size = _size[slot];
        return true;
    }
}
