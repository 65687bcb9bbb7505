using System.Net;
using System.Net.Sockets;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu.Congestion;
using Classroom.Media.Transport.Udp;

namespace Classroom.Media.Transport;

/// <summary>
/// The send side. On the receive thread (forwarding, feedback, STUN answers) packets are encrypted
/// in place into one outgoing batch that leaves in one system call when the received batch is done
/// (or the batch fills); every other thread (timers, handshakes, the host) sends one datagram at a
/// time from the peer's own buffer.
/// </summary>
public sealed partial class MediaSocket
{
    /// <summary>Datagrams sent per call: one received packet fanned out to a class of 30 and then some.</summary>
    private const int SendBatch = 128;

    private readonly DatagramBatch _outbound = new(SendBatch);
    private volatile int _loopThreadId = -1;

    private long _rtpSentOffLoop;
    private long _rtpSent;

    /// <summary>RTP packets encrypted and handed to the kernel (or to the outgoing batch) for peers on this socket.</summary>
    public long RtpSent => Interlocked.Read(ref _rtpSent);

    private bool OnLoop => Environment.CurrentManagedThreadId == _loopThreadId;

    internal bool OnLoopThread => OnLoop;

    /// <summary>
    /// RTP packets sent from a thread other than this socket's receive loop. Forwarding happens on the
    /// loop that received the packet, so this stays 0 unless a room's peers are split over sockets.
    /// </summary>
    public long RtpSentOffLoop => Interlocked.Read(ref _rtpSentOffLoop);

    /// <summary>Encrypts and sends one RTP packet to a connected peer, from any thread (batched on the receive thread).</summary>
    public bool SendRtp(MediaPeer peer, ReadOnlySpan<byte> rtp) => SendSrtp(peer, rtp, rtcp: false);

    /// <summary>As <see cref="SendRtp(MediaPeer, ReadOnlySpan{byte})"/>, with the transport-wide sequence number element (<paramref name="extensionId"/>) set on the way.</summary>
    internal bool SendRtp(MediaPeer peer, ReadOnlySpan<byte> rtp, byte extensionId, ushort transportSequence) =>
        SendSrtp(peer, rtp, rtcp: false, extensionId, transportSequence);

    /// <summary>Encrypts and sends one compound RTCP packet to a connected peer, from any thread.</summary>
    public bool SendRtcp(MediaPeer peer, ReadOnlySpan<byte> rtcp) => SendSrtp(peer, rtcp, rtcp: true);

    private bool SendSrtp(MediaPeer peer, ReadOnlySpan<byte> packet, bool rtcp, byte extensionId = 0, ushort transportSequence = 0)
    {
        if (peer.State != PeerState.Connected || peer.Outbound is not { } srtp || !peer.RemoteAddress.IsSpecified) return false;
        var growth = extensionId == 0 ? 0 : TransportSequenceNumber.MaxGrowth;
        if (packet.Length + growth + (rtcp ? srtp.RtcpOverhead : srtp.RtpOverhead) > peer.ControlBuffer.Length) return false;
        if (peer.Tcp is { } tcp) return SendSrtpOverTcp(peer, srtp, tcp, packet, rtcp, extensionId, transportSequence);
        var onLoop = OnLoop;
        if (onLoop && _outbound.IsFull) FlushBatch();
        var buffer = onLoop ? _outbound.Reserve() : peer.ControlBuffer;
        lock (peer.SendLock)
        {
            var plain = packet.Length;
            if (extensionId == 0) packet.CopyTo(buffer);
            else plain = TransportSequenceNumber.CopyStamped(packet, buffer, extensionId, transportSequence, out _);
            if (peer.State != PeerState.Connected || plain == 0) return false;
            var sealedOk = rtcp ? srtp.TryProtectRtcp(buffer, plain, out var length) : srtp.TryProtect(buffer, plain, out length);
            if (!sealedOk) return false;
            if (!rtcp) Interlocked.Increment(ref _rtpSent);
            if (onLoop) return _outbound.Commit(length, peer.RemoteAddress, _socket.AddressFamily);
            if (!rtcp) Interlocked.Increment(ref _rtpSentOffLoop);
            return peer.Remote is { } remote && Send(buffer[..length], remote);
        }
    }

    internal void SendRaw(MediaPeer peer, ReadOnlySpan<byte> datagram)
    {
        if (TrySendRawOverTcp(peer, datagram, to: null)) return;
        if (peer.Remote is { } remote) Send(datagram, remote);
    }

    /// <summary>A reply to where a record came from: the peer's TCP connection from there, else UDP.</summary>
    internal void SendTo(MediaPeer peer, ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (!TrySendRawOverTcp(peer, datagram, remote)) Send(datagram, remote);
    }

    /// <summary>A datagram the receive thread answers with (a STUN response): into the batch.</summary>
    private void QueueOnLoop(ReadOnlySpan<byte> datagram, UdpAddress to)
    {
        if (_outbound.IsFull) FlushBatch();
        _outbound.TryAdd(datagram, to, _socket.AddressFamily);
    }

    private void FlushBatch()
    {
        if (_outbound.Count > 0) _io.Send(_outbound);
    }

    private bool Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
            return true;
        }
        catch (SocketException)
        {
            return false; // a full send buffer or a vanished route: this packet is lost, like on the wire
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
