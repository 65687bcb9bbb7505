using Classroom.LinkEmulator;

namespace Classroom.Bench.Media;

/// <summary>
/// What to connect: one publisher (video, and audio when asked) and N receivers, the receivers as
/// students or as branch buildings' displays, each optionally behind its own emulated link.
/// </summary>
public sealed record ForwardingRequest(int Subscribers, bool Audio = false, bool Displays = false, LinkProfile? Link = null);

/// <summary>
/// One publisher and N subscribers connected through something that forwards (our relay, Janus, or
/// the bare UDP forwarder), ready to send. <see cref="Send"/> takes a plaintext RTP packet of the
/// publisher's SSRCs; each subscriber's decrypted packets go to the callback given at connect.
/// </summary>
public interface IForwardingPath : IAsyncDisposable
{
    /// <summary>The forwarding process (for CPU and memory).</summary>
    int ProcessId { get; }

    uint VideoSsrc { get; }
    uint AudioSsrc { get; }

    /// <summary>The payload types the forwarder accepted from the publisher (they may differ from ours).</summary>
    byte VideoPayloadType => 96;
    byte AudioPayloadType => 111;

    bool Send(ReadOnlySpan<byte> packet);
}

/// <summary>Something the forwarding and open-lesson scenarios can measure.</summary>
public interface IForwardingTarget
{
    string Name { get; }

    /// <param name="received">(subscriber index, decrypted RTP packet), called on receive threads.</param>
    Task<IForwardingPath> ConnectAsync(ForwardingRequest request, ReceivedPacket received, CancellationToken cancellationToken);
}

public delegate void ReceivedPacket(int subscriber, ReadOnlySpan<byte> packet);
