using System.Net;
using Classroom.LinkEmulator;
using Classroom.Testing.Media;

namespace Classroom.Bench.Media;

/// <summary>
/// What to connect: one publisher (video, and audio when asked) and N receivers, the receivers as
/// students or as branch buildings' displays, each optionally behind its own emulated link. Each
/// receiver decrypts one packet in <paramref name="DecryptOneIn"/> (1: every one) and counts the rest
/// from their clear headers (see <see cref="ReceiverTally"/>).
/// </summary>
public sealed record ForwardingRequest(int Subscribers, bool Audio = false, bool Displays = false, LinkProfile? Link = null, int DecryptOneIn = 1);

/// <summary>
/// One publisher and N subscribers connected through something that forwards (our relay, Janus, or
/// the bare UDP forwarder), ready to send. <see cref="Send"/> takes a plaintext RTP packet of the
/// publisher's SSRCs; what each subscriber receives goes to the <see cref="IReceiverSink"/> given at connect.
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

    /// <summary>Bytes the forwarder's receive loops allocated so far, where it reports them (our relay, at /metrics); else null.</summary>
    Task<long?> LoopAllocatedBytesAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);
}

/// <summary>Something the forwarding and open-lesson scenarios can measure.</summary>
public interface IForwardingTarget
{
    string Name { get; }

    /// <param name="receivers">Where every subscriber's packets go, called on its receive thread.</param>
    Task<IForwardingPath> ConnectAsync(ForwardingRequest request, IReceiverSink receivers, CancellationToken cancellationToken);
}

/// <summary>What the subscribers of a forwarding path receive; every target calls it the same way.</summary>
public interface IReceiverSink
{
    /// <summary>Every RTP packet subscriber <paramref name="subscriber"/> got, as it arrived (SRTP: header in clear, payload encrypted).</summary>
    void Arrived(int subscriber, ReadOnlySpan<byte> packet);

    /// <summary>The packets it authenticated and decrypted: one in <see cref="ForwardingRequest.DecryptOneIn"/> of those that arrived.</summary>
    void Decrypted(int subscriber, ReadOnlySpan<byte> packet);
}

public static class ReceiverSinks
{
    /// <summary>A receiving synthetic browser for subscriber <paramref name="index"/>: reports to the sink and decrypts the share the request asks for.</summary>
    public static SyntheticPeer NewPeer(this IReceiverSink receivers, IPAddress address, ForwardingRequest request, int index) =>
        new(address)
        {
            DecryptOneIn = request.DecryptOneIn,
            RtpArrived = packet => receivers.Arrived(index, packet),
            RtpReceived = packet => receivers.Decrypted(index, packet.Span),
        };
}
