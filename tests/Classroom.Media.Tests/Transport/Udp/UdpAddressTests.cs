using System.Net;
using System.Net.Sockets;
using Classroom.Media.Transport.Udp;

namespace Classroom.Media.Tests.Transport.Udp;

public sealed class UdpAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", 5004)]
    [InlineData("10.201.3.7", 65535)]
    [InlineData("::1", 1)]
    [InlineData("fe80::1:2:3:4", 40000)]
    public void An_address_read_from_the_runtimes_sockaddr_is_the_endpoint_it_came_from(string ip, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), port);
        var sockaddr = endPoint.Serialize();

        Assert.True(UdpAddress.TryRead(sockaddr.Buffer.Span[..sockaddr.Size], out var address));

        Assert.Equal(port, address.Port);
        Assert.Equal(UdpAddress.From(endPoint), address);
        Assert.Equal(endPoint, address.ToEndPoint());
        Assert.Equal(endPoint.AddressFamily == AddressFamily.InterNetwork, address.IsIPv4);
    }

    [Fact]
    public void An_ipv4_peer_is_the_same_key_on_an_ipv4_and_a_dual_stack_socket()
    {
        var v4 = new IPEndPoint(IPAddress.Parse("192.168.1.20"), 7000);
        var mapped = new IPEndPoint(v4.Address.MapToIPv6(), 7000);
        var fromV4 = v4.Serialize();
        var fromMapped = mapped.Serialize();

        Assert.True(UdpAddress.TryRead(fromV4.Buffer.Span[..fromV4.Size], out var a));
        Assert.True(UdpAddress.TryRead(fromMapped.Buffer.Span[..fromMapped.Size], out var b));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Written_back_it_is_the_sockaddr_the_runtime_would_build()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("10.0.0.9"), 3478);
        var expected = endPoint.Serialize();
        Span<byte> written = stackalloc byte[UdpAddress.MaxLength];

        var length = UdpAddress.From(endPoint).Write(written, AddressFamily.InterNetwork);

        Assert.Equal(expected.Size, length);
        Assert.True(written[..length].SequenceEqual(expected.Buffer.Span[..expected.Size]));
        // An IPv6 peer cannot be written for an IPv4 socket.
        Assert.Equal(0, UdpAddress.From(new IPEndPoint(IPAddress.IPv6Loopback, 1)).Write(written, AddressFamily.InterNetwork));
    }

    [Fact]
    public void Ports_and_addresses_tell_peers_apart()
    {
        var a = UdpAddress.From(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000));
        Assert.NotEqual(a, UdpAddress.From(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5001)));
        Assert.NotEqual(a, UdpAddress.From(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5000)));
        Assert.NotEqual(a, UdpAddress.From(new IPEndPoint(IPAddress.Parse("::a00:1"), 5000)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(15)]
    public void Short_or_foreign_sockaddrs_are_refused(int length)
    {
        var bytes = new byte[length];
        Assert.False(UdpAddress.TryRead(bytes, out _));
        var unix = new byte[32];
        BitConverter.TryWriteBytes(unix, (ushort)1); // AF_UNIX
        Assert.False(UdpAddress.TryRead(unix, out _));
    }
}
