using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Sdp;
using Classroom.Media.Srtp;
using Classroom.Media.Stun;
using Classroom.Media.Transport;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Classroom.Media.Client;

/// <summary>
/// A browser stand-in for tests and the bench: one UDP socket doing what Chromium does against the
/// relay — a controlling ICE check with USE-CANDIDATE and consent checks, a DTLS-SRTP client
/// handshake, then SRTP both ways. It writes the SDP a browser would (sendonly offers with a=ssrc,
/// answers with a=setup:active) so the relay's signalling is exercised as with a real page.
/// </summary>
public sealed class SyntheticPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly DtlsCertificate _certificate = DtlsCertificate.CreateSelfSigned("synthetic");
    private readonly ConcurrentDictionary<uint, long> _received = new();
    private readonly TaskCompletionSource _checked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[1600];
    private DtlsDatagramFeed? _dtls;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private IPEndPoint? _relay;
    private byte[] _username = [];
    private byte[] _relayPassword = [];
    private Task? _loop;
    private Task? _consent;

    public SyntheticPeer(IPAddress bind)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(bind, 0));
        Local = IceCredentials.Create();
    }

    public IceCredentials Local { get; }
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;
    public bool Connected => _outbound is not null;

    /// <summary>Decrypted RTP packets received, by SSRC.</summary>
    public IReadOnlyDictionary<uint, long> ReceivedBySsrc => _received;
    public long ReceivedRtp => _received.Values.Sum();
    public long ReceivedRtcp => Interlocked.Read(ref _rtcp);
    private long _rtcp;

    /// <summary>Called on the receive loop with each decrypted RTCP packet.</summary>
    public Action<ReadOnlyMemory<byte>>? RtcpReceived { get; set; }

    /// <summary>Called on the receive loop with each decrypted RTP packet.</summary>
    public Action<ReadOnlyMemory<byte>>? RtpReceived { get; set; }

    /// <summary>A publishing offer like Chromium's: Opus and/or VP8, sendonly, one SSRC each, BUNDLE and rtcp-mux.</summary>
    public string CreateOffer(uint? audioSsrc, uint? videoSsrc, string? screenMid = null, uint? screenSsrc = null)
    {
        var sb = new StringBuilder();
        var mids = new List<string>();
        if (audioSsrc is not null) mids.Add("0");
        if (videoSsrc is not null) mids.Add("1");
        if (screenSsrc is not null) mids.Add(screenMid ?? "2");
        sb.Append(CultureInfo.InvariantCulture, $"v=0\r\no=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.Append("a=group:BUNDLE ").Append(string.Join(' ', mids)).Append("\r\na=msid-semantic: WMS\r\n");
        if (audioSsrc is { } a)
        {
            Section(sb, "audio", "0", "111", a);
            sb.Append("a=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");
        }
        if (videoSsrc is { } v) Video(sb, "1", v);
        if (screenSsrc is { } s) Video(sb, screenMid ?? "2", s);
        return sb.ToString();
    }

    private void Video(StringBuilder sb, string mid, uint ssrc)
    {
        Section(sb, "video", mid, "96", ssrc);
        sb.Append("a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n");
    }

    private void Section(StringBuilder sb, string kind, string mid, string formats, uint ssrc)
    {
        sb.Append(CultureInfo.InvariantCulture, $"m={kind} 9 UDP/TLS/RTP/SAVPF {formats}\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n");
        Transport(sb, "actpass");
        sb.Append(CultureInfo.InvariantCulture, $"a=mid:{mid}\r\n");
        sb.Append("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
        sb.Append("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n");
        sb.Append("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=sendonly\r\na=msid:synthetic {kind}{mid}\r\na=rtcp-mux\r\na=rtcp-rsize\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=ssrc:{ssrc} cname:synthetic\r\na=ssrc:{ssrc} msid:synthetic {kind}{mid}\r\n");
    }

    private void Transport(StringBuilder sb, string setup)
    {
        sb.Append(CultureInfo.InvariantCulture, $"a=ice-ufrag:{Local.Ufrag}\r\na=ice-pwd:{Local.Password}\r\na=ice-options:trickle\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"a=fingerprint:sha-256 {_certificate.Fingerprint}\r\na=setup:{setup}\r\n");
    }

    /// <summary>The answer a browser gives to the relay's receiving offer: every section accepted as recvonly (inactive stays inactive).</summary>
    public string CreateAnswer(string offerText)
    {
        if (!SessionDescription.TryParse(offerText, out var offer, out var error)) throw new FormatException(error);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"v=0\r\no=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        sb.Append("a=group:BUNDLE ").Append(string.Join(' ', offer.Media.Select(m => m.Mid))).Append("\r\n");
        foreach (var m in offer.Media)
        {
            sb.Append(CultureInfo.InvariantCulture, $"m={m.Kind} 9 {m.Protocol} {string.Join(' ', m.Formats)}\r\nc=IN IP4 0.0.0.0\r\n");
            Transport(sb, "active");
            sb.Append(CultureInfo.InvariantCulture, $"a=mid:{m.Mid}\r\na={(m.Direction == "inactive" ? "inactive" : "recvonly")}\r\na=rtcp-mux\r\n");
            foreach (var map in m.Values("rtpmap")) sb.Append("a=rtpmap:").Append(map).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>ICE then DTLS against the relay named in its SDP (answer or offer); completes when SRTP is keyed.</summary>
    public async Task ConnectAsync(string relaySdp, CancellationToken cancellationToken)
    {
        if (!SessionDescription.TryParse(relaySdp, out var sdp, out var error)) throw new FormatException(error);
        var m = sdp.Media.First(x => x.Port != 0);
        var candidate = m.Values("candidate").First().Split(' ');
        _relay = new IPEndPoint(IPAddress.Parse(candidate[4]), int.Parse(candidate[5], CultureInfo.InvariantCulture));
        _username = Encoding.ASCII.GetBytes($"{m.IceUfrag}:{Local.Ufrag}");
        _relayPassword = Encoding.ASCII.GetBytes(m.IcePwd!);
        if (!DtlsCertificate.TryParseSdpFingerprint(m.Fingerprint, out var relayFingerprint)) throw new FormatException("no fingerprint");
        _dtls = new DtlsDatagramFeed(d => _socket.SendTo(d.Span, SocketFlags.None, _relay));
        _loop = Task.Run(ReceiveLoopAsync, CancellationToken.None);

        // ICE: retransmit the nominating check until it is answered (the relay may not know us yet).
        for (var attempt = 0; !_checked.Task.IsCompleted; attempt++)
        {
            if (attempt == 50) throw new TimeoutException("The relay never answered the ICE check.");
            SendCheck();
            await Task.WhenAny(_checked.Task, Task.Delay(100, cancellationToken));
        }
        _consent = Task.Run(ConsentLoopAsync, CancellationToken.None);

        var client = new SrtpDtlsClient(new BcTlsCrypto(new SecureRandom()), _certificate, relayFingerprint,
            [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80]);
        await Task.Run(() => new DtlsClientProtocol().Connect(client, _dtls), cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        var profile = client.NegotiatedProfile == SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM ? SrtpProfile.AeadAes128Gcm : SrtpProfile.Aes128CmHmacSha1_80;
        var keys = SrtpKeyingMaterial.Split(profile, client.Exported);
        _inbound = new SrtpContext(profile, keys.ServerKey, keys.ServerSalt);
        _outbound = new SrtpContext(profile, keys.ClientKey, keys.ClientSalt);
    }

    private void SendCheck()
    {
        Span<byte> request = stackalloc byte[512];
        var length = StunWriter.WriteBindingRequest(request, RandomNumberGenerator.GetBytes(12), _username, _relayPassword, useCandidate: true,
            tieBreaker: (ulong)Random.Shared.NextInt64());
        try
        {
            _socket.SendTo(request[..length], SocketFlags.None, _relay!);
        }
        catch (SocketException)
        {
            // the relay went away; the test or bench notices through its own timeouts
        }
    }

    private async Task ConsentLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), _stop.Token);
                SendCheck();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Protects and sends one plaintext RTP packet; false until connected.</summary>
    public bool SendRtp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: false);

    /// <summary>Protects and sends one plaintext compound RTCP packet; false until connected.</summary>
    public bool SendRtcp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: true);

    private bool Send(ReadOnlySpan<byte> packet, bool rtcp)
    {
        if (_outbound is not { } srtp || _relay is null) return false;
        lock (_sendLock)
        {
            packet.CopyTo(_sendBuffer);
            int length;
            var ok = rtcp ? srtp.TryProtectRtcp(_sendBuffer, packet.Length, out length) : srtp.TryProtect(_sendBuffer, packet.Length, out length);
            if (!ok) return false;
            _socket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, _relay);
            return true;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        var any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                length = result.ReceivedBytes;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            var datagram = buffer.AsSpan(0, length);
            switch (PacketClass.Of(datagram))
            {
                case PacketKind.Stun:
                    if (StunMessage.TryParse(datagram, out var message, out _) && message.Type == StunMessageType.BindingSuccess
                        && StunIntegrity.Verify(datagram, message, _relayPassword))
                    {
                        _checked.TrySetResult();
                    }
                    break;
                case PacketKind.Dtls:
                    _dtls?.Enqueue(datagram);
                    break;
                case PacketKind.Rtp when _inbound is { } srtp:
                    var isRtcp = datagram.Length > 1 && datagram[1] is >= 192 and <= 223;
                    if (isRtcp)
                    {
                        if (!srtp.TryUnprotectRtcp(datagram, length, out var plain)) break;
                        Interlocked.Increment(ref _rtcp);
                        RtcpReceived?.Invoke(buffer.AsMemory(0, plain));
                    }
                    else if (srtp.TryUnprotect(datagram, length, out var plain))
                    {
                        _received.AddOrUpdate(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]), 1, (_, n) => n + 1);
                        RtpReceived?.Invoke(buffer.AsMemory(0, plain));
                    }
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_loop is not null) await _loop;
        if (_consent is not null) await _consent;
        _dtls?.Close();
        _inbound?.Dispose();
        _outbound?.Dispose();
        _stop.Dispose();
    }
}
