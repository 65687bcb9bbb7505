using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Srtp;
using Classroom.Media.Tests.Dtls;
using Classroom.Media.Tests.Ice;
using Classroom.Media.Tests.Srtp;
using Classroom.Media.Transport;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// The media socket's batched path with real browsers-like peers (ICE, DTLS, SRTP over loopback): a
/// burst fanned out to a class arrives whole and in order at each, and the receive thread decrypts,
/// forwards and encrypts without allocating.
/// </summary>
public sealed class MediaSocketBatchTests
{
    private static readonly DtlsCertificate Relay = DtlsCertificate.CreateSelfSigned("relay");

    [Fact]
    public async Task A_burst_fanned_out_arrives_whole_and_in_order_at_every_subscriber()
    {
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), Relay, TimeProvider.System);
        var publisher = await Browser.ConnectAsync(media);
        var subscribers = new List<Browser>();
        for (var i = 0; i < 12; i++) subscribers.Add(await Browser.ConnectAsync(media));
        media.RtpReceived = (from, packet) =>
        {
            if (from != publisher.Peer) return;
            foreach (var subscriber in subscribers) media.SendRtp(subscriber.Peer, packet);
        };
        media.Start();

        // A key frame's worth at once: 60 packets of 1,000 bytes, sent back to back.
        const int burst = 60;
        for (var sequence = 0; sequence < burst; sequence++) publisher.SendRtp((ushort)(1000 + sequence), 1000, (byte)sequence);

        Assert.True(media.BatchingKind.Length > 0);
        foreach (var subscriber in subscribers)
        {
            for (var sequence = 0; sequence < burst; sequence++)
            {
                var packet = subscriber.ReceiveRtp();
                Assert.Equal(1000 + sequence, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
                Assert.Equal(12 + 1000, packet.Length);
                Assert.True(packet.AsSpan(12).IndexOfAnyExcept((byte)sequence) < 0, "payload bytes changed on the way");
            }
        }
        Assert.Equal(0, media.Faults);
        foreach (var browser in subscribers.Append(publisher)) browser.Dispose();
    }

    [Fact]
    public async Task The_receive_thread_decrypts_forwards_and_encrypts_100000_packets_without_allocating()
    {
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), Relay, TimeProvider.System);
        using var publisher = await Browser.ConnectAsync(media);
        using var subscriber = await Browser.ConnectAsync(media);
        const int window = 100_000;
        const int maxWindows = 5;
        var forwarded = 0;
        var windows = new List<long>();
        long windowStart = -1;
        var done = false;
        // Measured on the receive thread itself, in windows of 100,000 packets until one allocates
        // nothing (the tiered JIT may allocate once when it swaps in optimized code).
        media.RtpReceived = (from, packet) =>
        {
            if (from != publisher.Peer || done) return;
            if (windowStart < 0) windowStart = GC.GetAllocatedBytesForCurrentThread();
            media.SendRtp(subscriber.Peer, packet);
            if (++forwarded % window != 0) return;
            var now = GC.GetAllocatedBytesForCurrentThread();
            windows.Add(now - windowStart);
            windowStart = now;
            if (windows[^1] == 0 || windows.Count == maxWindows) Volatile.Write(ref done, true);
        };
        media.Start();

        var sink = new byte[2048];
        var received = 0;
        for (var i = 0; i < window * maxWindows && !Volatile.Read(ref done); i++)
        {
            publisher.SendRtp((ushort)i, 200, 7);
            // Paced by what arrives so no kernel buffer overflows.
            if (i % 128 == 127)
            {
                while (received < i - 256 && subscriber.Socket.Poll(500_000, SelectMode.SelectRead)) { subscriber.Socket.Receive(sink); received++; }
                while (subscriber.Socket.Available > 0) { subscriber.Socket.Receive(sink); received++; }
            }
        }

        Assert.True(Volatile.Read(ref done), $"only {forwarded} forwarded");
        Assert.True(windows[^1] == 0, $"{media.BatchingKind}: bytes allocated per {window} packets: {string.Join(", ", windows)}");
        Assert.Equal(0, media.Faults);
    }

    /// <summary>A browser-like peer: its own socket, a completed ICE check and DTLS handshake, SRTP both ways.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly SrtpContext _out;
        private readonly SrtpContext _in;
        private readonly IPEndPoint _relay;
        private readonly byte[] _buffer = new byte[2048];

        private Browser(MediaPeer peer, Socket socket, SrtpContext outbound, SrtpContext inbound, IPEndPoint relay)
        {
            Peer = peer;
            Socket = socket;
            _out = outbound;
            _in = inbound;
            _relay = relay;
        }

        public MediaPeer Peer { get; }
        public Socket Socket { get; }

        public static async Task<Browser> ConnectAsync(MediaSocket media)
        {
            var certificate = DtlsCertificate.CreateSelfSigned("browser");
            var peer = media.AddPeer("brws", SHA256.HashData(certificate.Der));
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000, ReceiveBufferSize = 4 * 1024 * 1024 };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            media.Start();
            socket.SendTo(BindingRequests.Create($"{peer.Ice.Local.Ufrag}:brws", peer.Ice.Local.PasswordBytes), media.LocalEndPoint);
            socket.Receive(new byte[1500]);
            var client = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), certificate, SHA256.HashData(Relay.Der),
                [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
            await Task.Run(() => new DtlsClientProtocol().Connect(client, new UdpDatagramTransport(socket, media.LocalEndPoint))).WaitAsync(TimeSpan.FromSeconds(30));
            await peer.Handshake.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(PeerState.Connected, peer.State);
            var keys = SrtpKeyingMaterial.Split(peer.Profile, client.Exported);
            return new Browser(peer, socket,
                new SrtpContext(keys.Profile, keys.ClientKey, keys.ClientSalt),
                new SrtpContext(keys.Profile, keys.ServerKey, keys.ServerSalt),
                media.LocalEndPoint);
        }

        public void SendRtp(ushort sequence, int payloadLength, byte fill)
        {
            var packet = SrtpTestPackets.BuildRtp(sequence, 0x5EED, payloadLength);
            packet.AsSpan(12, payloadLength).Fill(fill);
            Assert.True(_out.TryProtect(packet, 12 + payloadLength, out var length));
            Socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, _relay);
        }

        public byte[] ReceiveRtp()
        {
            var length = Socket.Receive(_buffer);
            Assert.True(_in.TryUnprotect(_buffer, length, out var plain));
            return _buffer.AsSpan(0, plain).ToArray();
        }

        public void Dispose()
        {
            Socket.Dispose();
            _out.Dispose();
            _in.Dispose();
        }
    }
}
