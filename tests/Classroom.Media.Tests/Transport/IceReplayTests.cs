using System.Net;
using System.Net.Sockets;
using Classroom.Media.Dtls;
using Classroom.Media.Tests.Ice;
using Classroom.Media.Tests.Srtp;
using Classroom.Media.Transport;

namespace Classroom.Media.Tests.Transport;

/// <summary>
/// RFC 8445 §7.3 and RFC 7675 over real UDP: a valid ICE check proves the sender knew the password
/// once, not that it is the browser now. A check captured and replayed later from another port must
/// not take the peer's media; a browser that really moved (its new port sends checks and then SRTP
/// under its keys) gets its media there.
/// </summary>
public sealed class IceReplayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_check_replayed_long_after_from_another_port_does_not_redirect_media_but_a_real_move_does()
    {
        var serverCertificate = DtlsCertificate.CreateSelfSigned("relay");
        await using var media = new MediaSocket(new IPEndPoint(IPAddress.Loopback, 0), serverCertificate, TimeProvider.System);
        media.RtpReceived = (peer, packet) => media.SendRtp(peer, packet); // echo: where the relay sends this peer's media
        media.Start();
        var browser = LoopbackBrowser.Validate(media);
        var captured = browser.Check(media); // what an on-path attacker records: a valid nominating check
        await browser.HandshakeAsync(media, serverCertificate);
        var peer = browser.Peer;

        // Consent checks every few seconds: the captured one is soon far outside any short window of recent ones.
        for (var n = 0; n < 40; n++) browser.Check(media);

        using var attacker = Bound();
        attacker.SendTo(captured, media.LocalEndPoint);
        attacker.SendTo(captured, media.LocalEndPoint);
        ushort sequence = 1;
        Assert.Equal(browser.LocalEndPoint, await EchoReachesAsync(media, browser, browser.Socket, [browser.Socket, attacker], sequence++));
        Assert.Equal(browser.LocalEndPoint, peer.Ice.Selected);

        // The attacker replays the check and sends SRTP it captured too: replayed SRTP is not authentic media.
        var wire = browser.Protect(SrtpTestPackets.BuildRtp(sequence, 0x1234, 100).AsSpan(0, 112));
        browser.Send(media, wire);
        Assert.True(Received(browser.Socket) is not null);
        attacker.SendTo(captured, media.LocalEndPoint);
        attacker.SendTo(wire, media.LocalEndPoint);
        sequence++;
        Assert.Equal(browser.LocalEndPoint, await EchoReachesAsync(media, browser, browser.Socket, [browser.Socket, attacker], sequence++));

        // The browser's network changed: a new port sends a fresh check; until media comes from it, nothing moves.
        using var moved = Bound();
        var check = BindingRequests.Create($"{peer.Ice.Local.Ufrag}:brws", peer.Ice.Local.PasswordBytes);
        moved.SendTo(check, media.LocalEndPoint);
        Assert.True(Received(moved) is { } answer && answer[0] <= 3);
        Assert.Equal(browser.LocalEndPoint, peer.Ice.Selected);

        // Its SRTP under the browser's keys from the new port: the media follows it.
        Assert.Equal((IPEndPoint)moved.LocalEndPoint!, await EchoReachesAsync(media, browser, moved, [moved, browser.Socket, attacker], sequence++));
        Assert.Equal((IPEndPoint)moved.LocalEndPoint!, peer.Ice.Selected);
        browser.Dispose();
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>Sends one SRTP packet from <paramref name="from"/>; returns the socket the relay's echo of it arrived at.</summary>
    private static async Task<IPEndPoint> EchoReachesAsync(MediaSocket media, LoopbackBrowser browser, Socket from, Socket[] listeners, ushort sequence)
    {
        from.SendTo(browser.Protect(SrtpTestPackets.BuildRtp(sequence, 0x1234, 100).AsSpan(0, 112)), media.LocalEndPoint);
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var socket in listeners)
            {
                while (socket.Available > 0)
                {
                    var buffer = new byte[1500];
                    var length = socket.Receive(buffer);
                    if (buffer[0] < 128) continue; // STUN answers are not the echo
                    if (browser.Inbound!.TryUnprotect(buffer, length, out _) && (ushort)((buffer[2] << 8) | buffer[3]) == sequence)
                        return (IPEndPoint)socket.LocalEndPoint!;
                }
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("The relay's echo reached none of the sockets.");
    }

    private static byte[]? Received(Socket socket)
    {
        if (!socket.Poll(Patience, SelectMode.SelectRead)) return null;
        var buffer = new byte[1500];
        var length = socket.Receive(buffer);
        return buffer.AsSpan(0, length).ToArray();
    }
}
