using System.Threading.Channels;
using Org.BouncyCastle.Tls;

namespace Classroom.Media.Dtls;

// BouncyCastle's DTLS engine pulls datagrams through a DatagramTransport. Ours is fed by the UDP
// demultiplexer (only datagrams from the address ICE validated) and sends through a callback, so one
// socket serves every peer. The queue is bounded: a flood of handshake records cannot grow memory.

public sealed class DtlsDatagramFeed(Action<ReadOnlyMemory<byte>> send, int mtu = 1200) : DatagramTransport
{
    private const int Capacity = 64;
    private readonly Channel<byte[]> _incoming = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>Hands a DTLS datagram from the validated address to the handshake or the session.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram) =>
        datagram.Length <= GetReceiveLimit() && _incoming.Writer.TryWrite(datagram.ToArray());

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (!_incoming.Reader.TryRead(out var datagram))
        {
            using var timeout = new CancellationTokenSource(Math.Max(1, waitMillis));
            try
            {
                if (!_incoming.Reader.WaitToReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult()) throw new TlsFatalAlert(AlertDescription.close_notify);
            }
            catch (OperationCanceledException)
            {
                return -1;
            }
            if (!_incoming.Reader.TryRead(out datagram)) return -1;
        }
        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => send(buf.AsMemory(off, len).ToArray());

    public void Send(ReadOnlySpan<byte> buffer) => send(buffer.ToArray());

    public void Close() => _incoming.Writer.TryComplete();
}
