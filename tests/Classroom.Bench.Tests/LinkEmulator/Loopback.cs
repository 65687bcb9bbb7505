using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Classroom.Bench.Tests.LinkEmulator;

/// <summary>Servers on 127.0.0.1 for the proxy tests: a UDP echo that remembers who sent what, and a TCP server with a per-connection handler.</summary>
internal static class Loopback
{
    public static IPEndPoint AnyPort => new(IPAddress.Loopback, 0);
}

internal sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpEchoServer()
    {
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(Loopback.AnyPort);
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(RunAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>First four bytes of every datagram received (the tests' sequence numbers).</summary>
    public ConcurrentBag<int> ReceivedSequences { get; } = [];

    public ConcurrentDictionary<IPEndPoint, int> Senders { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var buffer = new byte[65_536];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                var from = (IPEndPoint)result.RemoteEndPoint;
                Senders.AddOrUpdate(from, 1, (_, n) => n + 1);
                if (result.ReceivedBytes >= 4)
                    ReceivedSequences.Add(BitConverter.ToInt32(buffer, 0));
                await _socket.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), from, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // an ICMP error from a closed client; keep serving
            }
        }
    }
}

internal sealed class TcpTestServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _handlers = [];
    private readonly Func<Socket, CancellationToken, Task> _handle;
    private readonly Task _loop;

    public TcpTestServer(Func<Socket, CancellationToken, Task> handle)
    {
        _handle = handle;
        _listener.Bind(Loopback.AnyPort);
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loop = Task.Run(RunAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Echoes everything back and closes its side after the client's end of stream.</summary>
    public static TcpTestServer Echo() => new(async (socket, stop) =>
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop)) > 0)
            await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop);
        socket.Shutdown(SocketShutdown.Send);
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _loop;
        await Task.WhenAll(_handlers);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _handlers.Add(Task.Run(async () =>
            {
                using (socket)
                {
                    try
                    {
                        await _handle(socket, _stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                    {
                        // the proxy reset us, or the test is over
                    }
                }
            }));
        }
    }
}
