// RFC 7983 §7 (the first byte tells DTLS from STUN and SRTP), RFC 6347 §4.1 and §4.2 (DTLS 1.2
// records and handshake messages) and RFC 5764 §4.1 (use_srtp): fuzz target for what reaches the
// relay's DTLS-SRTP server through our transport. We parse no DTLS ourselves: MediaSocket sends every
// datagram PacketClass calls DTLS to the peer's DtlsDatagramFeed, and BouncyCastle's
// DtlsServerProtocol reads records and handshake messages from it. So each input is the datagrams
// of one transport (Fuzz.Split framing) before and during its handshake: the demux picks the DTLS
// ones, the feed queues them (bounded, as in production), and a fresh SrtpDtlsServer with fixed
// certificates and randomness accepts on this thread. The feed is closed before the handshake
// starts, so once the input is used up the handshake ends at once (a "close_notify" read) instead of
// waiting for retransmissions: each input is bounded in time without a clock.
//
// MediaPeer.RunHandshake catches TlsException, IOException and InvalidOperationException as a failed
// handshake; anything else would escape its Task.Run and leave the transport connecting for ever,
// so anything else is a finding here.
using Classroom.Media.Dtls;
using Classroom.Media.Srtp;
using Classroom.Media.Transport;
using Org.BouncyCastle.Tls;

namespace Classroom.Media.Fuzz.Targets;

public static class DtlsTarget
{
    /// <summary>The server's randomness seed; Seeds/DtlsSeeds.cs records its client flights against the same one.</summary>
    public const int ServerRandomSeed = 3;

    public static void Run(ReadOnlySpan<byte> input) => Handshake(input);

    /// <summary>Runs one input; true when the handshake completed with SRTP keys (a recorded client flight).</summary>
    public static bool Handshake(ReadOnlySpan<byte> input)
    {
        var sent = 0;
        var feed = new DtlsDatagramFeed(datagram =>
        {
            Fuzz.Check(datagram.Length is > 0 and <= 1200, "the server sent a datagram over the MTU");
            sent++;
        });
        Span<Range> datagrams = stackalloc Range[64];
        var count = Fuzz.Split(input, datagrams);
        var queued = 0;
        for (var d = 0; d < count; d++)
        {
            var datagram = input[datagrams[d]];
            if (PacketClass.Of(datagram) != PacketKind.Dtls) continue;
            Fuzz.Check(datagram[0] is >= 20 and <= 63, "the demux called a datagram DTLS outside RFC 7983's range");
            if (feed.Enqueue(datagram)) queued++;
        }

        feed.Close();
        // Without a DTLS record the transport starts no handshake.
        if (queued == 0) return false;
        var server = new SrtpDtlsServer(FixedCertificates.Crypto(ServerRandomSeed), FixedCertificates.Server, FixedCertificates.ClientFingerprint);
        try
        {
            var transport = new DtlsServerProtocol().Accept(server, feed);
            Fuzz.Check(server.Keys is { } keys && keys.ClientKey.Length == keys.Profile.KeyLength(), "a handshake completed without SRTP keys");
            Fuzz.Check(sent > 0, "a handshake completed without the server's flight");
            transport.Close();
            return true;
        }
        catch (Exception ex) when (ex is TlsException or IOException or InvalidOperationException)
        {
            Fuzz.Check(server.Keys is null, "a failed handshake left SRTP keys");
            return false;
        }
    }
}
