using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.LinkEmulator;

namespace Classroom.Bench.Tests.LinkEmulator;

/// <summary>The TCP proxy over real loopback sockets; bounds are generous because the box may be busy.</summary>
public sealed class TcpLinkProxyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Downlink_rate_sets_the_transfer_time()
    {
        const int Size = 64 * 1024;
        await using var server = new TcpTestServer(async (socket, stop) =>
        {
            await socket.SendAsync(new byte[Size], SocketFlags.None, stop);
            socket.Shutdown(SocketShutdown.Send);
            await socket.ReceiveAsync(new byte[1], SocketFlags.None, stop); // until the client closes
        });
        var profile = new LinkProfile("slow-down", new LinkDirection { RateBitsPerSecond = 256_000 }, LinkDirection.Unshaped);
        await using var proxy = TcpLinkProxy.Start(Loopback.AnyPort, server.EndPoint, profile);
        using var client = await ConnectAsync(proxy);

        var clock = Stopwatch.StartNew();
        var received = await ReadToEndAsync(client);
        var elapsed = clock.Elapsed;

        Assert.Equal(Size, received.Length);
        var expected = TimeSpan.FromSeconds(Size * 8 / 256_000.0); // 2.05 s
        Assert.InRange(elapsed, expected * 0.7, expected * 2);
        Assert.Equal(Size, proxy.Downlink.ForwardedBytes);
    }

    [Fact]
    public async Task Bytes_arrive_intact_both_ways_through_a_jittery_lossy_link()
    {
        await using var server = TcpTestServer.Echo();
        var direction = new LinkDirection
        {
            RateBitsPerSecond = 8_000_000,
            Delay = TimeSpan.FromMilliseconds(10),
            Jitter = TimeSpan.FromMilliseconds(8),
            Loss = GilbertElliott.Bursty(0.03, 2),
            ReorderProbability = 0.2,
        };
        await using var proxy = TcpLinkProxy.Start(Loopback.AnyPort, server.EndPoint, LinkProfile.Symmetric("rough", direction));
        using var client = await ConnectAsync(proxy);
        var payload = RandomNumberGenerator.GetBytes(300 * 1024);

        var echoed = ReadToEndAsync(client);
        for (var offset = 0; offset < payload.Length; offset += 7000)
            await client.SendAsync(payload.AsMemory(offset, Math.Min(7000, payload.Length - offset)), SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(await echoed.WaitAsync(Patience)));
        Assert.True(proxy.Uplink.RetransmitStalls + proxy.Downlink.RetransmitStalls > 0, "loss became stalls");
        Assert.Equal(0, proxy.Uplink.Dropped + proxy.Downlink.Dropped);
    }

    [Fact]
    public async Task Carries_a_hundred_concurrent_connections_and_closes_them_cleanly()
    {
        await using var server = TcpTestServer.Echo();
        await using var proxy = TcpLinkProxy.Start(Loopback.AnyPort, server.EndPoint, LinkProfiles.Lan);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var client = await ConnectAsync(proxy);
            var payload = RandomNumberGenerator.GetBytes(8 * 1024 + i);
            var echoed = ReadToEndAsync(client);
            await client.SendAsync(payload, SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
            var back = await echoed;
            return payload.AsSpan().SequenceEqual(back);
        })).WaitAsync(Patience);

        Assert.All(results, Assert.True);
        Assert.Equal(100, proxy.AcceptedConnections);
        var clock = Stopwatch.StartNew();
        while (proxy.ActiveConnections > 0 && clock.Elapsed < Patience)
            await Task.Delay(20);
        Assert.Equal(0, proxy.ActiveConnections);
    }

    [Fact]
    public async Task Reset_outage_resets_open_connections_and_refuses_new_ones_until_it_ends()
    {
        await using var server = TcpTestServer.Echo();
        await using var proxy = TcpLinkProxy.Start(Loopback.AnyPort, server.EndPoint, LinkProfiles.Lan);
        using var client = await ConnectAsync(proxy);
        await RoundTripAsync(client);

        proxy.GoDown(TimeSpan.FromSeconds(1), OutageMode.Reset);

        await AssertResetAsync(client);
        await AssertRefusedAsync(proxy);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        using var after = await ConnectAsync(proxy);
        await RoundTripAsync(after);
        Assert.True(proxy.RefusedConnections >= 1);
    }

    [Fact]
    public async Task Stall_outage_holds_bytes_and_keeps_the_connection()
    {
        await using var server = TcpTestServer.Echo();
        await using var proxy = TcpLinkProxy.Start(Loopback.AnyPort, server.EndPoint, LinkProfiles.Lan);
        using var client = await ConnectAsync(proxy);
        await RoundTripAsync(client);

        proxy.GoDown(TimeSpan.FromMilliseconds(600));
        var clock = Stopwatch.StartNew();
        await RoundTripAsync(client);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), Patience);
    }

    [Fact]
    public async Task Disposing_the_proxy_ends_its_connections()
    {
        await using var server = TcpTestServer.Echo();
        var proxy = TcpLinkProxy.Start(Loopback.AnyPort, server.EndPoint, LinkProfiles.Lan);
        using var client = await ConnectAsync(proxy);
        await RoundTripAsync(client);

        await proxy.DisposeAsync().AsTask().WaitAsync(Patience);

        await AssertResetAsync(client);
        Assert.Equal(0, proxy.ActiveConnections);
    }

    private static async Task<Socket> ConnectAsync(TcpLinkProxy proxy)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(proxy.LocalEndPoint);
        return socket;
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var stream = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(Patience);
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            stream.Write(buffer, 0, read);
        return stream.ToArray();
    }

    private static async Task RoundTripAsync(Socket socket)
    {
        await socket.SendAsync(new byte[] { 42 }, SocketFlags.None);
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(Patience);
        Assert.Equal(1, await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
        Assert.Equal(42, buffer[0]);
    }

    /// <summary>The proxy accepts and resets at once, so the reset may already reach the client's connect.</summary>
    private static async Task AssertRefusedAsync(TcpLinkProxy proxy)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(proxy);
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
            return;
        }
        using (socket)
            await AssertResetAsync(socket);
    }

    /// <summary>A reset shows as ECONNRESET on read, or as an end of stream if the RST raced a FIN.</summary>
    private static async Task AssertResetAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            var read = await socket.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
            Assert.Equal(0, read);
        }
        catch (SocketException e)
        {
            Assert.Equal(SocketError.ConnectionReset, e.SocketErrorCode);
        }
    }
}
