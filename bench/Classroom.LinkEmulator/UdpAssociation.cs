using System.Net;
using System.Net.Sockets;

namespace Classroom.LinkEmulator;

/// <summary>
/// One client source address seen by a <see cref="UdpLinkProxy"/>, with its own upstream socket so the
/// server sees a distinct 5-tuple per client (it tells media clients apart by address, as it would
/// behind separate NATs). The upstream socket is connected to the target, so the kernel discards
/// datagrams from anyone else.
/// </summary>
internal sealed class UdpAssociation : IDisposable
{
    private long _lastActiveTicks;

    public UdpAssociation(
        SocketAddress client, IPEndPoint clientEndPoint, Socket listener, IPEndPoint target, IPAddress bindAddress,
        LinkShaper uplink, LinkShaper downlink, TimeSpan now)
    {
        Client = client;
        ClientEndPoint = clientEndPoint;
        UplinkShaper = uplink;
        DownlinkShaper = downlink;
        Upstream = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            Upstream.Bind(new IPEndPoint(bindAddress, 0));
            Upstream.Connect(target);
        }
        catch
        {
            Upstream.Dispose();
            throw;
        }
        UpstreamEndPoint = (IPEndPoint)Upstream.LocalEndPoint!;
        ToServer = new ConnectedSink(Upstream);
        ToClient = new AddressedSink(listener, client);
        Touch(now);
    }

    public SocketAddress Client { get; }

    public IPEndPoint ClientEndPoint { get; }

    public IPEndPoint UpstreamEndPoint { get; }

    public Socket Upstream { get; }

    public LinkShaper UplinkShaper { get; }

    public LinkShaper DownlinkShaper { get; }

    public IDatagramSink ToServer { get; }

    public IDatagramSink ToClient { get; }

    public Task DownlinkLoop { get; set; } = Task.CompletedTask;

    public TimeSpan LastActive => TimeSpan.FromTicks(Interlocked.Read(ref _lastActiveTicks));

    public void Touch(TimeSpan now) => Interlocked.Exchange(ref _lastActiveTicks, now.Ticks);

    public void Dispose() => Upstream.Dispose();

    private sealed class ConnectedSink(Socket socket) : IDatagramSink
    {
        public void Send(ReadOnlySpan<byte> datagram) => socket.Send(datagram, SocketFlags.None);
    }

    private sealed class AddressedSink(Socket socket, SocketAddress destination) : IDatagramSink
    {
        public void Send(ReadOnlySpan<byte> datagram) => socket.SendTo(datagram, SocketFlags.None, destination);
    }
}
