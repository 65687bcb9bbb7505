using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Classroom.Media.Dtls;
using Classroom.Media.Tests.Srtp;
using Classroom.Media.Transport;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// Students whose transports start a DTLS handshake (cookie exchange done, so the relay really begins)
/// and then go silent. Over real UDP: while they stall, another participant's transport connects and
/// its media flows, the stalled handshakes hold no thread-pool threads, and after the handshake
/// timeout none of them is running any more.
/// </summary>
public sealed class StalledHandshakeTests
{
    private const int Stalled = 24;

    [Fact]
    public async Task Stalled_handshakes_do_not_hold_pool_threads_or_delay_another_transport_and_end_at_the_timeout()
    {
        var serverCertificate = DtlsCertificate.CreateSelfSigned("relay");
        var limits = new TransportLimits { HandshakeTimeout = TimeSpan.FromSeconds(15) };
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), serverCertificate, TimeProvider.System, limits);
        media.RtpReceived = (peer, packet) => media.SendRtp(peer, packet);
        media.Start();
        var poolThreadsBefore = ThreadPool.ThreadCount;

        var stallers = Enumerable.Range(0, Stalled).Select(_ => new Staller(media, serverCertificate)).ToList();
        try
        {
            await Until(() => media.HandshakesRunning == Stalled && stallers.All(s => s.Browser.Peer.State == PeerState.Connecting),
                "the stalled handshakes never started");

            // Another participant connects and its media flows while all of them still stall.
            using var other = await LoopbackBrowser.ConnectAsync(media, serverCertificate);
            var plain = SrtpTestPackets.BuildRtp(9, 0x4321, 100).AsSpan(0, 112).ToArray();
            other.Send(media, other.Protect(plain));
            var echo = new byte[1500];
            var length = await Task.Run(() => other.Socket.Receive(echo));
            Assert.True(other.Inbound!.TryUnprotect(echo, length, out var echoLength));
            Assert.Equal(plain, echo.AsSpan(0, echoLength).ToArray());
            Assert.All(stallers, s => Assert.Equal(PeerState.Connecting, s.Browser.Peer.State));
            Assert.Equal(Stalled, media.HandshakesRunning);

            // Waiting handshakes sit on their own threads, not the pool's (a blocked pool starves every socket loop and hub call).
            Assert.InRange(ThreadPool.ThreadCount, 0, poolThreadsBefore + (Stalled / 2));

            // At the timeout every stalled handshake ends; each transport may start again if its browser ever does.
            await Until(() => media.HandshakesRunning == 0 && stallers.All(s => s.Browser.Peer.State == PeerState.New),
                "the stalled handshakes outlived the timeout");
            Assert.All(stallers, s => Assert.IsType<TlsTimeoutException>(s.Browser.Peer.Failure, exactMatch: false));
            Assert.Equal(PeerState.Connected, other.Peer.State);
        }
        finally
        {
            foreach (var staller in stallers) staller.Dispose();
        }
    }

    [Fact]
    public async Task Connecting_transports_are_capped_per_participant_and_per_lesson()
    {
        var limits = new TransportLimits { MaxConnectingPerParticipant = 2, MaxConnectingPerLesson = 3 };
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), DtlsCertificate.CreateSelfSigned("relay"), TimeProvider.System, limits);
        var lesson = Guid.NewGuid();
        var anna = new TransportOwner(lesson, "s-anna");
        var boris = new TransportOwner(lesson, "s-boris");
        var first = media.AddPeer(owner: anna);
        media.AddPeer(owner: anna);
        Assert.Throws<TransportLimitException>(() => media.AddPeer(owner: anna));
        media.AddPeer(owner: boris);
        Assert.Throws<TransportLimitException>(() => media.AddPeer(owner: boris)); // the lesson is full
        media.AddPeer(owner: new TransportOwner(Guid.NewGuid(), "s-boris")); // another lesson is not
        Assert.Equal(2, media.Connecting(anna));

        media.RemovePeer(first);
        media.RemovePeer(first); // closing twice gives the slot back once
        Assert.Equal(1, media.Connecting(anna));
        media.AddPeer(owner: anna);
        Assert.Throws<TransportLimitException>(() => media.AddPeer(owner: anna));
    }

    private static async Task Until(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(failure);
            await Task.Delay(50);
        }
    }

    /// <summary>A DTLS client that answers the cookie exchange and then sends nothing more, on a thread of its own.</summary>
    private sealed class Staller : IDisposable
    {
        private readonly SilentAfterCookie _transport;
        private readonly Thread _thread;

        public Staller(MediaSocket media, DtlsCertificate serverCertificate)
        {
            Browser = LoopbackBrowser.Validate(media);
            _transport = new SilentAfterCookie(Browser.Socket, media.LocalEndPoint);
            var client = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), Browser.Certificate, SHA256.HashData(serverCertificate.Der),
                [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM]);
            _thread = new Thread(() =>
            {
                try
                {
                    new DtlsClientProtocol().Connect(client, _transport);
                }
                catch (Exception ex) when (ex is IOException or TlsException)
                {
                    // stopped by Dispose
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public LoopbackBrowser Browser { get; }

        public void Dispose()
        {
            _transport.Stop();
            _thread.Join();
            _transport.Dispose();
            Browser.Dispose();
        }
    }

    /// <summary>Talks until its ClientHello with the cookie is sent, then sends and receives nothing.</summary>
    private sealed class SilentAfterCookie(Socket socket, EndPoint remote) : DatagramTransport, IDisposable
    {
        private readonly ManualResetEventSlim _stopped = new();
        private volatile bool _cookieSeen;
        private volatile bool _silent;

        public void Stop() => _stopped.Set();
        public int GetReceiveLimit() => 1500;
        public int GetSendLimit() => 1200;
        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!_silent && socket.Poll(TimeSpan.FromMilliseconds(Math.Max(1, waitMillis)), SelectMode.SelectRead))
            {
                var length = socket.Receive(buffer);
                // A handshake record (22) whose message is a HelloVerifyRequest (3): the next hello carries the cookie.
                if (length > 13 && buffer[0] == 22 && buffer[13] == 3) _cookieSeen = true;
                return length;
            }
            if (_stopped.Wait(Math.Max(1, waitMillis))) throw new IOException("stopped");
            return -1;
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer)
        {
            if (_silent) return;
            socket.SendTo(buffer, remote);
            if (_cookieSeen) _silent = true;
        }

        public void Close()
        {
        }

        public void Dispose() => _stopped.Dispose();
    }
}
