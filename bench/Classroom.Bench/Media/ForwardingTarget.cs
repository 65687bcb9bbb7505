namespace Classroom.Bench.Media;

/// <summary>
/// One publisher and N subscribers connected through something that forwards (our relay, Janus, or
/// the bare UDP forwarder), ready to send. <see cref="Send"/> takes a plaintext RTP packet of the
/// publisher's video SSRC; each subscriber's decrypted packets go to the callback given at connect.
/// </summary>
public interface IForwardingPath : IAsyncDisposable
{
    /// <summary>The forwarding process (for CPU and memory).</summary>
    int ProcessId { get; }

    uint VideoSsrc { get; }

    bool Send(ReadOnlySpan<byte> packet);
}

/// <summary>Something the forwarding and open-lesson scenarios can measure.</summary>
public interface IForwardingTarget
{
    string Name { get; }

    /// <param name="received">(subscriber index, decrypted RTP packet), called on receive threads.</param>
    Task<IForwardingPath> ConnectAsync(int subscribers, ReceivedPacket received, CancellationToken cancellationToken);
}

public delegate void ReceivedPacket(int subscriber, ReadOnlySpan<byte> packet);
