using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Globalization;
using Classroom.Bench.Infrastructure;
using Classroom.Bench.Scenarios.Forwarding;

namespace Classroom.Bench.Media;

/// <summary>
/// The bare UDP forwarder (<see cref="BareForwarder"/>, plain or batched) in its own process, with plain sockets for
/// the publisher and subscribers: the ceiling of this machine's loopback.
/// </summary>
public sealed class BareTarget(bool batched = false) : IForwardingTarget
{
    public string Name => batched ? "bare-udp-batched" : "bare-udp";

    public async Task<IForwardingPath> ConnectAsync(ForwardingRequest request, IReceiverSink receivers, CancellationToken cancellationToken)
    {
        if (request.Link is not null) throw new NotSupportedException("The bare forwarder is the loopback ceiling; it runs without emulated links.");
        var dll = typeof(BareTarget).Assembly.Location;
        var process = Process.Start(CpuPinning.Apply(new ProcessStartInfo("dotnet", [dll, "bare-forwarder", "--lifetime", "900", "--batched", batched ? "true" : "false"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })) ?? throw new InvalidOperationException("could not start the bare forwarder");
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var forwarder = new IPEndPoint(IPAddress.Loopback, int.Parse(line ?? "0", CultureInfo.InvariantCulture));
        var path = new BarePath(process, forwarder);
        try
        {
            for (var i = 0; i < request.Subscribers; i++) await path.AddSubscriberAsync(i, receivers, request.DecryptOneIn, cancellationToken);
            return path;
        }
        catch
        {
            await path.DisposeAsync();
            throw;
        }
    }

    private sealed class BarePath(Process process, IPEndPoint forwarder) : IForwardingPath
    {
        private readonly Socket _publisher = Open();
        private readonly List<(Socket Socket, Thread Thread)> _subscribers = [];
        private volatile bool _stopping;

        public int ProcessId => process.Id;
        public uint VideoSsrc => 0xBA5E;
        public uint AudioSsrc => 0xA0D1;

        private static Socket Open()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            {
                ReceiveBufferSize = 4 * 1024 * 1024,
                SendBufferSize = 4 * 1024 * 1024,
            };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }

        public async Task AddSubscriberAsync(int index, IReceiverSink receivers, int readOneIn, CancellationToken cancellationToken)
        {
            var socket = Open();
            var registered = new byte[16];
            for (var attempt = 0; ; attempt++)
            {
                if (attempt == 20) throw new TimeoutException("The bare forwarder did not answer.");
                socket.SendTo("SUB"u8, SocketFlags.None, forwarder);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(250);
                try
                {
                    await socket.ReceiveAsync(registered, SocketFlags.None, timeout.Token);
                    break;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
            socket.ReceiveTimeout = 250;
            var thread = new Thread(() =>
            {
                var buffer = new byte[2048];
                long arrived = 0;
                while (!_stopping)
                {
                    try
                    {
                        var packet = buffer.AsSpan(0, socket.Receive(buffer));
                        // The same accounting as a synthetic browser's: every packet counted from its
                        // header, the payload read for one in N (there is nothing to decrypt here).
                        receivers.Arrived(index, packet);
                        if (++arrived % readOneIn == 0) receivers.Decrypted(index, packet);
                    }
                    catch (SocketException)
                    {
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            }) { IsBackground = true, Name = $"bare-subscriber-{index}" };
            thread.Start();
            _subscribers.Add((socket, thread));
        }

        public bool Send(ReadOnlySpan<byte> packet)
        {
            try
            {
                _publisher.SendTo(packet, SocketFlags.None, forwarder);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stopping = true;
            foreach (var (_, thread) in _subscribers) thread.Join(TimeSpan.FromSeconds(2));
            foreach (var (socket, _) in _subscribers) socket.Dispose();
            _publisher.Dispose();
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
        }
    }
}
