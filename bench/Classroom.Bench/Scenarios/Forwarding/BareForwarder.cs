using System.Net;
using System.Net.Sockets;

namespace Classroom.Bench.Scenarios.Forwarding;

/// <summary>
/// The physical reference: receive a datagram, send it to every subscriber. No crypto, no parsing
/// beyond one byte, no per-packet allocation: the most this machine's loopback can forward, measured
/// with the same clients as the relay. A subscriber registers with a datagram starting "SUB"; every
/// datagram whose first byte looks like RTP (version 2) is forwarded. Runs as its own process
/// (<c>bare-forwarder</c>) so its CPU is its own, and exits after a bounded lifetime.
/// </summary>
public static class BareForwarder
{
    public static void Run(IPEndPoint listen, TimeSpan lifetime, TextWriter ready)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 8 * 1024 * 1024;
        socket.SendBufferSize = 8 * 1024 * 1024;
        socket.Bind(listen);
        socket.ReceiveTimeout = 500;
        ready.WriteLine(((IPEndPoint)socket.LocalEndPoint!).Port);
        ready.Flush();
        var subscribers = new List<EndPoint>();
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var until = DateTime.UtcNow + lifetime;
        while (DateTime.UtcNow < until)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.ConnectionReset)
            {
                continue;
            }
            if (length >= 3 && buffer[0] == (byte)'S' && buffer[1] == (byte)'U' && buffer[2] == (byte)'B')
            {
                if (!subscribers.Contains(from)) subscribers.Add(new IPEndPoint(((IPEndPoint)from).Address, ((IPEndPoint)from).Port));
                socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
                continue;
            }
            if (length < 12 || (buffer[0] & 0xC0) != 0x80) continue;
            foreach (var subscriber in subscribers)
            {
                try
                {
                    socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, subscriber);
                }
                catch (SocketException)
                {
                    // a subscriber that went away: the others still get theirs
                }
            }
        }
    }
}
