using System.Net;
using System.Net.Sockets;
using Classroom.Media.Stun;
using Classroom.Media.Transport.Tcp;

namespace Classroom.Testing.Media;

// ICE-TCP from a browser's seat (RFC 6544 §5: the active side connects to a passive candidate):
// one TCP connection carries the checks, the DTLS handshake and SRTP both ways, each packet with
// its RFC 4571 length prefix.

public sealed partial class SyntheticPeer
{
    private readonly Lock _tcpWriteLock = new();
    private Socket? _tcp;
    private long _tcpFramesReceived;

    /// <summary>True when this peer's ICE, DTLS and SRTP run over one TCP connection.</summary>
    public bool OverTcp { get; }

    /// <summary>Our end of the TCP connection (null over UDP or before <see cref="ConnectAsync"/>).</summary>
    public IPEndPoint? TcpLocalEndPoint => _tcp?.LocalEndPoint as IPEndPoint;

    /// <summary>RFC 4571 frames received over TCP.</summary>
    public long TcpFramesReceived => Interlocked.Read(ref _tcpFramesReceived);

    /// <summary>
    /// While true the peer reads nothing from its TCP connection, as a browser on a link slower than
    /// what it is sent: the other side's queue fills. Reading resumes when it is set back to false.
    /// </summary>
    public bool TcpReadingPaused { get; set; }

    /// <summary>The kernel receive buffer of the TCP connection (set before <see cref="ConnectAsync"/>; null: the system's).</summary>
    public int? TcpReceiveBufferBytes { get; set; }

    /// <summary>True once the other side closed the TCP connection (or it broke).</summary>
    public bool TcpClosed { get; private set; }

    private async Task ConnectTcpAsync(IPEndPoint candidate, CancellationToken cancellationToken)
    {
        var tcp = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (TcpReceiveBufferBytes is { } bytes) tcp.ReceiveBufferSize = bytes;
        try
        {
            await tcp.ConnectAsync(candidate, cancellationToken);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        _tcp = tcp;
    }

    private void SendFramed(ReadOnlySpan<byte> packet)
    {
        if (_tcp is not { } tcp) return;
        Span<byte> frame = stackalloc byte[Rfc4571Deframer.PrefixLength + 2048];
        var length = Rfc4571Deframer.Write(frame, packet);
        if (length == 0) return;
        lock (_tcpWriteLock)
        {
            try
            {
                var sent = 0;
                while (sent < length) sent += tcp.Send(frame[sent..length], SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // closed by the other side or by us; the test notices through its own waits
            }
        }
    }

    private void TcpReceiveLoop()
    {
        var tcp = _tcp!;
        var chunk = new byte[4096];
        var buffer = new byte[2048];
        var response = new byte[StunWriter.MaxBindingSuccessLength];
        var deframer = new Rfc4571Deframer();
        var remote = (IPEndPoint)tcp.RemoteEndPoint!;
        Func<IPEndPoint> sourceOf = () => remote;
        while (!_stop.IsCancellationRequested)
        {
            if (TcpReadingPaused)
            {
                Thread.Sleep(10);
                continue;
            }
            int read;
            try
            {
                read = tcp.Receive(chunk, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                break;
            }
            if (read == 0) break;
            ReadOnlySpan<byte> input = chunk.AsSpan(0, read);
            while (!input.IsEmpty)
            {
                var result = deframer.Next(ref input, out var frame);
                if (result == DeframeResult.NeedMore) break;
                if (result == DeframeResult.Invalid)
                {
                    TcpClosed = true;
                    return;
                }
                Interlocked.Increment(ref _tcpFramesReceived);
                frame.CopyTo(buffer);
                OnDatagram(buffer, frame.Length, response, sourceOf);
            }
        }
        TcpClosed = true;
    }
}
