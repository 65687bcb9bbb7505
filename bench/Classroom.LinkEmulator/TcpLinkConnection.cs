using System.Net;
using System.Net.Sockets;

namespace Classroom.LinkEmulator;

/// <summary>
/// One accepted client connection and its connection to the target, pumped both ways through the
/// link. Ends cleanly when both directions have delivered their end of stream (FINs pass through in
/// order, so HTTP and WebSocket closes look normal); ends with a reset on both sides when either side
/// resets, the proxy stops, or a <see cref="OutageMode.Reset"/> outage hits.
/// </summary>
internal sealed class TcpLinkConnection : IDisposable
{
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly EndPoint _target;
    private readonly TcpLinkConnectionSettings _settings;
    private readonly CancellationTokenSource _stop;
    private int _aborted;

    public TcpLinkConnection(Socket client, EndPoint target, TcpLinkConnectionSettings settings, CancellationToken proxyStop)
    {
        _client = client;
        _target = target;
        _settings = settings;
        _server = new Socket(target.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : target.AddressFamily,
            SocketType.Stream, ProtocolType.Tcp);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(proxyStop);
        // Nagle would merge our paced chunks and undo the shaping (and the apps behind us set it too).
        _client.NoDelay = true;
        _server.NoDelay = true;
    }

    public bool WasReset => Volatile.Read(ref _aborted) != 0;

    /// <summary>Runs the connection to its end; never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                connecting.CancelAfter(_settings.ConnectTimeout);
                await _server.ConnectAsync(_target, connecting.Token).ConfigureAwait(false);
            }
            var uplink = new TcpStreamPump(_client, _server, _settings.Uplink, _settings.Clock, _settings.Outages,
                _settings.ChunkBytes, _settings.UplinkQueueChunks, Abort);
            var downlink = new TcpStreamPump(_server, _client, _settings.Downlink, _settings.Clock, _settings.Outages,
                _settings.ChunkBytes, _settings.DownlinkQueueChunks, Abort);
            await Task.WhenAll(uplink.RunAsync(_stop.Token), downlink.RunAsync(_stop.Token)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Abort(); // could not reach the target (or we were stopped first): the client sees a reset
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Closes both sockets (a normal close unless <see cref="Abort"/> came first); <see cref="RunAsync"/> does this at its end.</summary>
    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _stop.Dispose();
    }

    /// <summary>Resets both sides (RST, not FIN) and stops the pumps; safe to call from any thread, more than once.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
            return;
        Reset(_client);
        Reset(_server);
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection had already finished.
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            // Linger on with a zero timeout makes close send RST: the peer sees "connection reset".
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Never connected or already closed: closing is all that is left.
        }
        socket.Dispose();
    }
}

/// <summary>What every connection of one proxy (or, per client, one connection) shares.</summary>
internal sealed record TcpLinkConnectionSettings(
    LinkShaper Uplink,
    LinkShaper Downlink,
    LinkClock Clock,
    LinkOutages Outages,
    int ChunkBytes,
    int UplinkQueueChunks,
    int DownlinkQueueChunks,
    TimeSpan ConnectTimeout);
