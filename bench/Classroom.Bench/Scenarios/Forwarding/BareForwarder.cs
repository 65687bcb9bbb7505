using System.Net;
using System.Net.Sockets;
using Classroom.Media.Transport.Udp;

namespace Classroom.Bench.Scenarios.Forwarding;

/// <summary>
/// The physical reference: receive a datagram, send it to every subscriber. No crypto, no parsing
/// beyond one byte, no per-packet allocation: the most this machine's loopback can forward, measured
/// with the same clients as the relay. A subscriber registers with a datagram starting "SUB"; every
/// datagram whose first byte looks like RTP (version 2) is forwarded. Runs as its own process
/// (<c>bare-forwarder</c>) so its CPU is its own, and exits after a bounded lifetime.
/// <see cref="RunBatched"/> is the same forwarder built the way the relay sends: whole batches per
/// system call through <see cref="UdpBatchIo"/> (recvmmsg/sendmmsg), the ceiling the relay can reach.
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

    public static void RunBatched(IPEndPoint listen, TimeSpan lifetime, TextWriter ready)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 8 * 1024 * 1024;
        socket.SendBufferSize = 8 * 1024 * 1024;
        socket.Bind(listen);
        var io = UdpBatchIo.Create(socket, 256);
        ready.WriteLine(((IPEndPoint)socket.LocalEndPoint!).Port);
        ready.Flush();
        var subscribers = new List<UdpAddress>();
        var inbound = new DatagramBatch(64);
        var outbound = new DatagramBatch(256);
        var until = DateTime.UtcNow + lifetime;
        while (DateTime.UtcNow < until)
        {
            var count = io.Receive(inbound, 500);
            for (var i = 0; i < count; i++)
            {
                var datagram = inbound.Payload(i);
                if (!inbound.TryGetAddress(i, out var from)) continue;
                if (datagram.Length >= 3 && datagram[..3].SequenceEqual("SUB"u8))
                {
                    if (!subscribers.Contains(from)) subscribers.Add(from);
                    if (outbound.IsFull) io.Send(outbound);
                    outbound.TryAdd(datagram, from, socket.AddressFamily);
                    continue;
                }
                if (datagram.Length < 12 || (datagram[0] & 0xC0) != 0x80) continue;
                foreach (var subscriber in subscribers)
                {
                    if (outbound.IsFull) io.Send(outbound);
                    outbound.TryAdd(datagram, subscriber, socket.AddressFamily);
                }
            }
            if (outbound.Count > 0) io.Send(outbound);
        }
    }
}
