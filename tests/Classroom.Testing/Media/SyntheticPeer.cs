using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Classroom.Media.Dtls;
using Classroom.Media.Ice;
using Classroom.Media.Srtp;
using Classroom.Media.Stun;
using Classroom.Media.Transport;

namespace Classroom.Testing.Media;

/// <summary>
/// A browser stand-in for tests and the bench: one UDP socket doing what Chromium does, against our
/// ICE-lite relay and against a full-ICE SFU such as Janus: ICE checks (controlling with USE-CANDIDATE
/// when it offered or the other side is lite, controlled and answering checks when a full agent
/// offered), a DTLS-SRTP handshake in the role a=setup gives it, then SRTP both ways. It writes the
/// SDP a browser would (sendonly offers with a=ssrc, recvonly answers with a=setup:active, one host
/// candidate) so the other side's signalling is exercised as with a real page.
/// </summary>
public sealed partial class SyntheticPeer : IAsyncDisposable
{
    private const int MaxChecksBeforeConnected = 100;
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Controlled, we learn of the nomination before the controlling agent has our answer to it; a
    /// ClientHello arriving before it switched its pair to ready is dropped (Janus starts DTLS on
    /// that state change), and the first DTLS retransmission comes only a second later.
    /// </summary>
    private static readonly TimeSpan ControlledDtlsDelay = TimeSpan.FromMilliseconds(30);

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly DtlsCertificate _certificate = DtlsCertificate.CreateSelfSigned("synthetic");
    private readonly ConcurrentDictionary<uint, long> _received = new();
    private readonly Lock _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[1600];
    private DtlsDatagramFeed? _dtls;
    private SyntheticIce? _ice;
    private SrtpContext? _inbound;
    private SrtpContext? _outbound;
    private Thread? _loop;
    private Task? _consent;
    private long _rtcp;
    private long _arrived;
    private int _decryptOneIn = 1;

    /// <summary>
    /// A peer whose ICE, DTLS and SRTP all run over one TCP connection to the other side's passive
    /// ICE-TCP candidate (RFC 6544, RFC 4571 framing) when <paramref name="overTcp"/>, as Chromium does
    /// where UDP is blocked; over UDP otherwise.
    /// </summary>
    public SyntheticPeer(IPAddress bind, bool overTcp) : this(bind) => OverTcp = overTcp;

    public SyntheticPeer(IPAddress bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(bind, 0));
        Local = IceCredentials.Create();
    }

    public IceCredentials Local { get; }
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>"AB:CD:..." of our self-signed DTLS certificate, as in our a=fingerprint.</summary>
    public string Fingerprint => _certificate.Fingerprint;

    public bool Connected => _outbound is not null;

    /// <summary>Where DTLS and media go once ICE chose the pair; null before <see cref="ConnectAsync"/>.</summary>
    public IPEndPoint? RemoteEndPoint => _ice?.Remote;

    /// <summary>True when we were the ICE controlling side; null before <see cref="ConnectAsync"/>.</summary>
    public bool? IceControlling => _ice?.Controlling;

    /// <summary>True when we were the DTLS server (the other side answered a=setup:active); null before <see cref="ConnectAsync"/>.</summary>
    public bool? DtlsServer { get; private set; }

    /// <summary>Binding requests of the other side we answered (full-ICE peers only send them).</summary>
    public long IceChecksAnswered => _ice?.ChecksAnswered ?? 0;

    /// <summary>Our checks (connectivity and consent) the other side answered.</summary>
    public long IceChecksSucceeded => _ice?.ChecksSucceeded ?? 0;

    /// <summary>Decrypted (so authenticated) RTP packets received, by SSRC.</summary>
    public IReadOnlyDictionary<uint, long> ReceivedBySsrc => _received;
    public long ReceivedRtp => _received.Values.Sum();
    public long ReceivedRtcp => Interlocked.Read(ref _rtcp);

    /// <summary>SRTP packets that arrived once keyed, decrypted or not (see <see cref="DecryptOneIn"/>).</summary>
    public long ArrivedRtp => Interlocked.Read(ref _arrived);

    /// <summary>Called on the receive loop with each decrypted RTCP packet.</summary>
    public Action<ReadOnlyMemory<byte>>? RtcpReceived { get; set; }

    /// <summary>Called on the receive loop with each decrypted RTP packet.</summary>
    public Action<ReadOnlyMemory<byte>>? RtpReceived { get; set; }

    /// <summary>
    /// Called on the receive loop with every SRTP packet as it arrived, before any check: SRTP leaves
    /// the RTP header (sequence number, timestamp, SSRC) in clear and encrypts the payload (RFC 3711
    /// §3.1), so a receiver can count packets and find sequence gaps without decrypting.
    /// </summary>
    public Action<ReadOnlySpan<byte>>? RtpArrived { get; set; }

    /// <summary>
    /// Authenticate and decrypt only every Nth RTP packet that arrives (1, the default: every one).
    /// The bench's receivers sample so that their crypto does not take the cores of the server they
    /// measure; the packets skipped are seen by <see cref="RtpArrived"/> only. SRTP's index estimate
    /// (RFC 3711 §3.3.1) holds across the skipped packets as long as N stays far below 2^15.
    /// </summary>
    public int DecryptOneIn
    {
        get => _decryptOneIn;
        set => _decryptOneIn = value is >= 1 and <= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "1 to 1024");
    }

    /// <summary>A publishing offer like Chromium's: Opus and/or VP8, sendonly, one SSRC each, BUNDLE and rtcp-mux, our host candidate.</summary>
    public string CreateOffer(uint? audioSsrc, uint? videoSsrc, string? screenMid = null, uint? screenSsrc = null, IReadOnlyList<string>? videoRids = null) =>
        SyntheticSdp.Offer(this, audioSsrc, videoSsrc, screenMid, screenSsrc, videoRids);

    /// <summary>The answer a browser gives to a receiving offer: audio/video sections recvonly (inactive stays inactive), a=setup:active.</summary>
    public string CreateAnswer(string offerText) => SyntheticSdp.Answer(this, offerText);

    /// <summary>
    /// ICE then DTLS against the side whose SDP (its answer to our offer, or its offer we answered) is
    /// given; completes when SRTP is keyed. Roles follow the SDP: see <see cref="RemoteTransport"/>.
    /// </summary>
    public async Task ConnectAsync(string remoteSdp, CancellationToken cancellationToken)
    {
        if (_ice is not null) throw new InvalidOperationException("This peer is already connecting; use a new one per connection.");
        var remote = SyntheticSdp.ReadRemote(remoteSdp, _socket.AddressFamily, OverTcp ? "tcp" : "udp");
        if (OverTcp) await ConnectTcpAsync(remote.Candidate, cancellationToken);
        var ice = new SyntheticIce(Local, remote);
        _ice = ice;
        DtlsServer = remote.WeAreDtlsServer;
        _dtls = new DtlsDatagramFeed(d => SendRaw(d.Span, ice.Remote));
        // A thread of its own blocked in recvfrom: no per-datagram task or endpoint, so a hundred
        // receiving peers of the bench cost the machine little more than the system calls.
        _loop = new Thread(OverTcp ? TcpReceiveLoop : ReceiveLoop) { IsBackground = true, Name = "synthetic-peer" };
        _loop.Start();

        // Retransmit our check until the pair is nominated (the other side may not know us yet).
        for (var attempt = 0; !ice.Connected.IsCompleted; attempt++)
        {
            if (attempt == MaxChecksBeforeConnected)
            {
                throw new TimeoutException(ice.Controlling
                    ? $"{remote.Candidate} never answered our ICE checks."
                    : $"{remote.Candidate} never nominated the pair (answered {ice.ChecksAnswered} of its checks, {ice.ChecksSucceeded} of ours succeeded).");
            }
            SendCheck(ice);
            await Task.WhenAny(ice.Connected, Task.Delay(CheckInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
        _consent = Task.Run(() => ConsentLoopAsync(ice), CancellationToken.None);
        if (!ice.Controlling && !remote.WeAreDtlsServer) await Task.Delay(ControlledDtlsDelay, cancellationToken);

        var (inbound, outbound) = await SyntheticDtls.HandshakeAsync(remote.WeAreDtlsServer, _certificate, remote.Fingerprint, _dtls, cancellationToken);
        _inbound = inbound;
        _outbound = outbound;
    }

    private void SendCheck(SyntheticIce ice)
    {
        Span<byte> request = stackalloc byte[512];
        var length = ice.WriteCheck(request);
        if (length > 0) SendRaw(request[..length], ice.Remote);
    }

    private void SendRaw(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        if (OverTcp)
        {
            SendFramed(datagram);
            return;
        }
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException)
        {
            // the other side went away; the test or bench notices through its own timeouts
        }
        catch (ObjectDisposedException)
        {
            // disposed while a handshake retransmission was due
        }
    }

    private async Task ConsentLoopAsync(SyntheticIce ice)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(ConsentInterval, _stop.Token);
                SendCheck(ice);
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
        if (_outbound is not { } srtp || _ice is not { } ice) return false;
        lock (_sendLock)
        {
            packet.CopyTo(_sendBuffer);
            int length;
            var ok = rtcp ? srtp.TryProtectRtcp(_sendBuffer, packet.Length, out length) : srtp.TryProtect(_sendBuffer, packet.Length, out length);
            if (!ok) return false;
            SendRaw(_sendBuffer.AsSpan(0, length), ice.Remote);
            return true;
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        var response = new byte[StunWriter.MaxBindingSuccessLength];
        var from = new SocketAddress(_socket.AddressFamily);
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        // The stop flag is looked at between datagrams or when a receive times out.
        _socket.ReceiveTimeout = 200;
        Func<IPEndPoint> sourceOf = () => (IPEndPoint)template.Create(from);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            OnDatagram(buffer, length, response, sourceOf);
        }
    }

    /// <summary>One datagram (or one TCP frame) in <paramref name="buffer"/>: STUN, DTLS or SRTP by its first byte (RFC 7983).</summary>
    private void OnDatagram(byte[] buffer, int length, byte[] response, Func<IPEndPoint> sourceOf)
    {
        var datagram = buffer.AsSpan(0, length);
        switch (PacketClass.Of(datagram))
        {
            case PacketKind.Stun when _ice is { } ice:
                var source = sourceOf();
                var answer = ice.Handle(datagram, source, response);
                if (answer > 0) SendRaw(response.AsSpan(0, answer), source);
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
                    break;
                }
                var arrived = Interlocked.Increment(ref _arrived);
                RtpArrived?.Invoke(datagram);
                if (arrived % _decryptOneIn != 0) break;
                if (srtp.TryUnprotect(datagram, length, out var rtp))
                {
                    _received.AddOrUpdate(BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]), 1, (_, n) => n + 1);
                    RtpReceived?.Invoke(buffer.AsMemory(0, rtp));
                }
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        _tcp?.Dispose();
        // Closing the socket ends a blocked receive; the timeout bounds the wait if it does not.
        _loop?.Join(TimeSpan.FromSeconds(2));
        if (_consent is not null) await _consent;
        _dtls?.Close();
        _inbound?.Dispose();
        _outbound?.Dispose();
        _stop.Dispose();
    }
}
