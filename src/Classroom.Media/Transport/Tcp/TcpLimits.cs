namespace Classroom.Media.Transport.Tcp;

/// <summary>
/// Bounds on the ICE-TCP listener against a hostile network: a stranger may open connections and
/// send bytes, and none of that may cost more than these. A browser opens one connection per
/// candidate pair (one or two per transport) and sends a STUN check at once.
/// </summary>
public sealed record TcpLimits
{
    /// <summary>Connections open at once, bound or not.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Connections not yet bound to a peer by a valid STUN check.</summary>
    public int MaxPending { get; init; } = 128;

    /// <summary>Unbound connections from one IP address (a whole class may sit behind one school NAT address, so bound ones are not capped per address).</summary>
    public int MaxPendingPerAddress { get; init; } = 16;

    /// <summary>Connections bound to one peer (transport): a browser uses one per candidate pair it tries.</summary>
    public int MaxPerPeer { get; init; } = 4;

    /// <summary>How long a new connection may take to deliver its first whole frame.</summary>
    public TimeSpan FirstFrameTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a connection may stay unbound: its checks may be refused at first because the browser's
    /// answer (with its ufrag) reaches the relay after its first check does.
    /// </summary>
    public TimeSpan BindTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one frame may stay half-received (a slowloris sending a byte at a time).</summary>
    public TimeSpan PartialFrameTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes waiting to be written per connection; beyond it whole packets are dropped (at 1.2 Mbit/s, 64 KiB is about 0.4 s).</summary>
    public int SendQueueBytes { get; init; } = 64 * 1024;
}
