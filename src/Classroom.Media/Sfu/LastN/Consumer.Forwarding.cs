namespace Classroom.Media.Sfu;

// Last-N and "audio only" pause consumers instead of renegotiating their sections away: the section
// and its SSRC stay in the subscriber's session, so switching back costs no SDP round trip (seconds
// on a 300 ms, lossy village line, and a negotiation that can fail) but one key frame request. Jitsi
// does the same. A paused consumer costs the packet path one branch.

/// <summary>Whether a consumer's packets go out now.</summary>
public enum ForwardingState
{
    Forwarding = 0,
    Paused = 1,
    /// <summary>Unpaused by the control plane; the receive loop resyncs the numbering at the next packet.</summary>
    Resuming = 2,
}

public sealed partial class Consumer
{
    private int _state;

    /// <summary>Forwarding, paused, or resuming (read on the packet path, written by the control plane).</summary>
    public ForwardingState State => (ForwardingState)Volatile.Read(ref _state);

    public bool Paused => State == ForwardingState.Paused;

    /// <summary>
    /// The highest simulcast layer this subscriber should get from this consumer (0: the lowest),
    /// or <see cref="AnyLayer"/>. Set from the receiver's preferences ("low", the teacher's thumbnails);
    /// the layer selector takes the lower of it and what the bandwidth estimate allows.
    /// </summary>
    public int MaxLayer
    {
        get => Volatile.Read(ref _maxLayer);
        internal set
        {
            Volatile.Write(ref _maxLayer, value);
            if (Layers is { } layers) layers.Cap = value; // the simulcast selector's policy cap, beside the receiver's own wish
        }
    }

    public const int AnyLayer = int.MaxValue;
    private int _maxLayer = AnyLayer;

    /// <summary>Stops forwarding. Returns true when it was forwarding (or about to).</summary>
    internal bool Pause() => Interlocked.Exchange(ref _state, (int)ForwardingState.Paused) != (int)ForwardingState.Paused;

    /// <summary>Forwards again from the next packet, numbered right after the last one sent. Returns true when it was paused.</summary>
    internal bool Resume() => Interlocked.CompareExchange(ref _state, (int)ForwardingState.Resuming, (int)ForwardingState.Paused) == (int)ForwardingState.Paused;

    /// <summary>
    /// Packet path, for a consumer not in <see cref="ForwardingState.Forwarding"/>: false while paused;
    /// on the first packet after a resume, restarts the numbering (the subscriber sees no gap to NACK) and
    /// lets the packet through. Receive loop only (the rewriter is the loop's).
    /// </summary>
    internal bool TryPassGate()
    {
        if (Volatile.Read(ref _state) != (int)ForwardingState.Resuming) return false;
        if (Interlocked.CompareExchange(ref _state, (int)ForwardingState.Forwarding, (int)ForwardingState.Resuming) != (int)ForwardingState.Resuming) return false;
        Sequence.Sync();
        return true;
    }
}
