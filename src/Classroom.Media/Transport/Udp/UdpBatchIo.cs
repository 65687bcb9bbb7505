using System.Net.Sockets;

namespace Classroom.Media.Transport.Udp;

/// <summary>
/// Moves whole <see cref="DatagramBatch"/>es through one UDP socket: on Linux with one
/// <c>recvmmsg</c>/<c>sendmmsg</c> system call per batch, elsewhere (or when those calls are
/// missing) one <see cref="Socket"/> call per datagram with a reused <see cref="System.Net.SocketAddress"/>.
/// Chosen once at start; neither allocates nor throws per datagram. One instance serves one loop
/// thread; other threads send through the socket directly.
/// </summary>
public abstract class UdpBatchIo
{
    protected UdpBatchIo(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// <summary>"recvmmsg/sendmmsg" or "portable": which path <see cref="Create"/> chose (for logs and the bench).</summary>
    public abstract string Kind { get; }

    /// <summary>Datagrams the kernel refused to send (full buffer, no route); each one is lost as on the wire.</summary>
    public long SendFailures { get; protected set; }

    /// <summary>True when <see cref="Receive"/> also returns as soon as <see cref="WakeHandle"/> is signalled (Transport/Tcp/LoopWake.cs).</summary>
    public virtual bool CanWake => false;

    /// <summary>An eventfd <see cref="Receive"/> polls beside the socket (-1: none): ICE-TCP frames waiting for this loop.</summary>
    public int WakeHandle { get; set; } = -1;

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for datagrams and fills <paramref name="batch"/>
    /// with as many as are queued (at most its capacity); returns how many (0 on timeout or a closed socket).
    /// </summary>
    public abstract int Receive(DatagramBatch batch, int timeoutMilliseconds);

    /// <summary>Sends every datagram queued in <paramref name="batch"/>, in order, and empties it; returns how many left.</summary>
    public abstract int Send(DatagramBatch batch);

    /// <summary>The batched path where the platform has it (<paramref name="preferBatched"/>), otherwise the portable one.</summary>
    public static UdpBatchIo Create(Socket socket, int maxBatch, bool preferBatched = true)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Dgram) throw new ArgumentException("a UDP socket is needed", nameof(socket));
        if (preferBatched && OperatingSystem.IsLinux() && MmsgBatchIo.TryCreate(socket, maxBatch) is { } batched) return batched;
        return new PortableBatchIo(socket);
    }
}
