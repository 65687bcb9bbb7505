using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Classroom.Media.Tests.Dtls;

/// <summary>A real UDP socket as a DatagramTransport, for the test client.</summary>
internal sealed class UdpDatagramTransport(Socket socket, EndPoint remote, int sendLimit = 1200) : DatagramTransport
{
    public int GetReceiveLimit() => 1500;
    public int GetSendLimit() => sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (!socket.Poll(TimeSpan.FromMilliseconds(Math.Max(1, waitMillis)), SelectMode.SelectRead)) return -1;
        return socket.Receive(buffer);
    }

    public void Send(byte[] buf, int off, int len) => socket.SendTo(buf.AsSpan(off, len), remote);

    public void Send(ReadOnlySpan<byte> buffer) => socket.SendTo(buffer, remote);

    public void Close()
    {
    }
}
