using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Classroom.Media.Transport.Udp;

namespace Classroom.Bench.Micro;

/// <summary>
/// What UDP generic segmentation offload (<c>UDP_SEGMENT</c>, Linux 4.18+) would save the relay's
/// send path. The same datagrams go to the same loopback receivers three ways, and the sending
/// thread's own CPU time is measured (getrusage RUSAGE_THREAD; on loopback that includes the
/// kernel's delivery to the receiving socket):
/// <list type="bullet">
/// <item><c>sendto</c>: one system call per datagram (what the relay did before issue 12);</item>
/// <item><c>sendmmsg</c>: 128 datagrams per call (what the relay does now);</item>
/// <item><c>gso</c>: sendmmsg whose every message is one destination's run of <c>train</c> datagrams
/// sent as one buffer the kernel cuts into datagrams (a control message names the segment size).</item>
/// </list>
/// GSO needs several equal-sized datagrams for the same destination in one call. A forwarding relay
/// mostly has one per destination per received packet, so the train lengths measured (1, 2, 4, 16)
/// say when it would pay. Bounded: a fixed count of datagrams per case.
/// </summary>
public static partial class GsoProbe
{
    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    private const int HeaderSize = 64;
    private const int IovSize = 16;

    // struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; } + u16 data, padded to 8: CMSG_SPACE(2) = 24.
    private const int ControlSpace = 24;

    public sealed record Result(string Mode, int Train, int Datagrams, double NanosecondsPerDatagram, double Delivered);

    public static IReadOnlyList<Result> Run(int datagrams, int destinations, int size, IReadOnlyList<int> trains, TextWriter log)
    {
        var results = new List<Result>();
        foreach (var train in trains)
        {
            foreach (var mode in new[] { "sendto", "sendmmsg", "gso" })
            {
                if (mode == "gso" && train == 1) continue; // a train of one is sendmmsg with a control message
                var result = Measure(mode, datagrams, destinations, size, train);
                log.WriteLine($"{mode,-9} train {train,2}: {result.NanosecondsPerDatagram,8:F0} ns CPU per datagram, {result.Delivered:P1} delivered");
                results.Add(result);
            }
        }
        return results;
    }

    private static Result Measure(string mode, int datagrams, int destinations, int size, int train)
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var receivers = Enumerable.Range(0, destinations).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20 };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        var addresses = receivers.Select(r => UdpAddress.From((IPEndPoint)r.LocalEndPoint!)).ToArray();
        var endpoints = receivers.Select(r => (IPEndPoint)r.LocalEndPoint!).ToArray();
        long received = 0;
        var stop = false;
        var drains = receivers.Select(r => new Thread(() =>
        {
            var io = UdpBatchIo.Create(r, 64);
            var batch = new DatagramBatch(64);
            while (!Volatile.Read(ref stop)) Interlocked.Add(ref received, io.Receive(batch, 50));
        }) { IsBackground = true }).ToList();
        drains.ForEach(t => t.Start());

        double cpuNanoseconds = 0;
        var sending = new Thread(() =>
        {
            var payload = new byte[size];
            Random.Shared.NextBytes(payload);
            var before = ThreadCpuNanoseconds();
            switch (mode)
            {
                case "sendto":
                    SendEach(sender, endpoints, payload, datagrams, train);
                    break;
                case "sendmmsg":
                    SendBatched(sender, addresses, payload, datagrams, train);
                    break;
                default:
                    SendSegmented(sender, addresses, payload, datagrams, train);
                    break;
            }
            cpuNanoseconds = ThreadCpuNanoseconds() - before;
        });
        sending.Start();
        sending.Join();
        var settle = Stopwatch.StartNew();
        while (Interlocked.Read(ref received) < datagrams && settle.Elapsed < TimeSpan.FromSeconds(2)) Thread.Sleep(10);
        Volatile.Write(ref stop, true);
        drains.ForEach(t => t.Join());
        receivers.ForEach(r => r.Dispose());
        return new Result(mode, train, datagrams, cpuNanoseconds / datagrams, Interlocked.Read(ref received) / (double)datagrams);
    }

    /// <summary>Destination of the i-th datagram: <paramref name="train"/> in a row to each receiver in turn.</summary>
    private static int DestinationOf(int i, int train, int destinations) => i / train % destinations;

    private static void SendEach(Socket socket, IPEndPoint[] endpoints, byte[] payload, int datagrams, int train)
    {
        var addresses = endpoints.Select(e => e.Serialize()).ToArray();
        for (var i = 0; i < datagrams; i++)
        {
            Pace(i);
            socket.SendTo(payload, SocketFlags.None, addresses[DestinationOf(i, train, endpoints.Length)]);
        }
    }

    private static void SendBatched(Socket socket, UdpAddress[] addresses, byte[] payload, int datagrams, int train)
    {
        var io = UdpBatchIo.Create(socket, 128);
        var batch = new DatagramBatch(128);
        for (var i = 0; i < datagrams; i++)
        {
            Pace(i);
            batch.TryAdd(payload, addresses[DestinationOf(i, train, addresses.Length)], socket.AddressFamily);
            if (batch.IsFull) io.Send(batch);
        }
        if (batch.Count > 0) io.Send(batch);
    }

    /// <summary>Each destination's run of <paramref name="train"/> datagrams leaves as one message with UDP_SEGMENT; up to 128 datagrams per call.</summary>
    private static void SendSegmented(Socket socket, UdpAddress[] addresses, byte[] payload, int datagrams, int train)
    {
        var messages = Math.Max(1, 128 / train);
        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        var headers = GC.AllocateArray<byte>(messages * HeaderSize, pinned: true);
        var iovs = GC.AllocateArray<byte>(messages * IovSize, pinned: true);
        var controls = GC.AllocateArray<byte>(messages * ControlSpace, pinned: true);
        var buffers = GC.AllocateArray<byte>(messages * train * payload.Length, pinned: true);
        var names = GC.AllocateArray<byte>(addresses.Length * 16, pinned: true);
        for (var d = 0; d < addresses.Length; d++) WriteSockaddrIn(names.AsSpan(d * 16, 16), addresses[d].ToEndPoint());
        for (var m = 0; m < messages; m++)
        {
            for (var k = 0; k < train; k++) payload.CopyTo(buffers, (m * train + k) * payload.Length);
            var control = controls.AsSpan(m * ControlSpace, ControlSpace);
            BinaryPrimitives.WriteUInt64LittleEndian(control, 18); // CMSG_LEN(2)
            BinaryPrimitives.WriteInt32LittleEndian(control[8..], SolUdp);
            BinaryPrimitives.WriteInt32LittleEndian(control[12..], UdpSegment);
            BinaryPrimitives.WriteUInt16LittleEndian(control[16..], (ushort)payload.Length);
        }
        var headersAddress = Marshal.UnsafeAddrOfPinnedArrayElement(headers, 0);
        var sent = 0;
        var run = 0;
        while (sent < datagrams)
        {
            var count = 0;
            while (count < messages && sent < datagrams)
            {
                Pace(sent);
                var header = headers.AsSpan(count * HeaderSize, HeaderSize);
                header.Clear();
                var inTrain = Math.Min(train, datagrams - sent);
                BinaryPrimitives.WriteInt64LittleEndian(header, Marshal.UnsafeAddrOfPinnedArrayElement(names, DestinationOf(run * train, train, addresses.Length) * 16));
                BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 16);
                BinaryPrimitives.WriteInt64LittleEndian(header[16..], Marshal.UnsafeAddrOfPinnedArrayElement(iovs, count * IovSize));
                BinaryPrimitives.WriteUInt64LittleEndian(header[24..], 1);
                BinaryPrimitives.WriteInt64LittleEndian(header[32..], Marshal.UnsafeAddrOfPinnedArrayElement(controls, count * ControlSpace));
                BinaryPrimitives.WriteUInt64LittleEndian(header[40..], ControlSpace);
                var iov = iovs.AsSpan(count * IovSize, IovSize);
                BinaryPrimitives.WriteInt64LittleEndian(iov, Marshal.UnsafeAddrOfPinnedArrayElement(buffers, count * train * payload.Length));
                BinaryPrimitives.WriteUInt64LittleEndian(iov[8..], (ulong)(inTrain * payload.Length));
                sent += inTrain;
                run++;
                count++;
            }
            var done = 0;
            while (done < count)
            {
                var result = SendMmsg(fd, headersAddress + done * HeaderSize, (uint)(count - done), 0);
                if (result <= 0) throw new IOException($"sendmmsg with UDP_SEGMENT failed: errno {Marshal.GetLastPInvokeError()}");
                done += result;
            }
        }
    }

    /// <summary>A short pause every 2,000 datagrams, so the receivers keep up and the kernel drops nothing.</summary>
    private static void Pace(int i)
    {
        if (i > 0 && i % 2000 == 0) Thread.Sleep(1);
    }

    private static void WriteSockaddrIn(Span<byte> destination, IPEndPoint endPoint)
    {
        destination.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)AddressFamily.InterNetwork);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)endPoint.Port);
        endPoint.Address.TryWriteBytes(destination[4..8], out _);
    }

    /// <summary>This thread's user + system CPU time (getrusage RUSAGE_THREAD).</summary>
    private static double ThreadCpuNanoseconds()
    {
        var usage = new long[18]; // struct rusage: two timevals, then fourteen longs
        if (GetRusage(1, usage) != 0) throw new IOException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        return (usage[0] + usage[2]) * 1e9 + (usage[1] + usage[3]) * 1e3;
    }

#pragma warning disable SYSLIB1054 // blittable arguments only: no marshalling stub, no unsafe code
    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static extern int SendMmsg(int fd, nint messages, uint count, int flags);

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, long[] usage);
#pragma warning restore SYSLIB1054
}
