namespace Classroom.LinkEmulator;

/// <summary>
/// What happened to the packets (UDP) or chunks (TCP) of one direction. Updated with atomics from the
/// packet path and read at any time by the bench, so a report can tell queue drops from random loss.
/// </summary>
public sealed class LinkCounters
{
    private long _forwarded;
    private long _forwardedBytes;
    private long _droppedByLoss;
    private long _droppedByQueue;
    private long _droppedByOutage;
    private long _reordered;
    private long _retransmitStalls;
    private long _sendErrors;

    /// <summary>Packets (chunks for TCP) handed to the far side.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    public long ForwardedBytes => Interlocked.Read(ref _forwardedBytes);

    public long DroppedByLoss => Interlocked.Read(ref _droppedByLoss);

    /// <summary>Datagrams that found the bottleneck queue (or the proxy's pending limit) full.</summary>
    public long DroppedByQueue => Interlocked.Read(ref _droppedByQueue);

    public long DroppedByOutage => Interlocked.Read(ref _droppedByOutage);

    /// <summary>Datagrams deliberately held back so later ones overtake them.</summary>
    public long Reordered => Interlocked.Read(ref _reordered);

    /// <summary>TCP chunks the loss model hit, delivered late as a retransmission would be.</summary>
    public long RetransmitStalls => Interlocked.Read(ref _retransmitStalls);

    /// <summary>Sends the operating system refused (e.g. nobody listening behind the proxy).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long Dropped => DroppedByLoss + DroppedByQueue + DroppedByOutage;

    public override string ToString() =>
        $"forwarded {Forwarded} ({ForwardedBytes} B), lost {DroppedByLoss}, queue-dropped {DroppedByQueue}, " +
        $"outage-dropped {DroppedByOutage}, reordered {Reordered}, stalls {RetransmitStalls}, send errors {SendErrors}";

    internal void AddForwarded(int bytes)
    {
        Interlocked.Increment(ref _forwarded);
        Interlocked.Add(ref _forwardedBytes, bytes);
    }

    internal void AddDroppedByLoss() => Interlocked.Increment(ref _droppedByLoss);

    internal void AddDroppedByQueue() => Interlocked.Increment(ref _droppedByQueue);

    internal void AddDroppedByOutage() => Interlocked.Increment(ref _droppedByOutage);

    internal void AddReordered() => Interlocked.Increment(ref _reordered);

    internal void AddRetransmitStall() => Interlocked.Increment(ref _retransmitStalls);

    internal void AddSendError() => Interlocked.Increment(ref _sendErrors);
}
