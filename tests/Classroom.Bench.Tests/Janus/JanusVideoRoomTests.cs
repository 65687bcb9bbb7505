using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Classroom.Bench.Janus;
using Classroom.Media.Rtp;
using Classroom.Testing.Media;

namespace Classroom.Bench.Tests.Janus;

/// <summary>
/// Janus 1.1 VideoRoom with the bench's synthetic browsers: one publisher (Opus + VP8), one
/// subscriber of its feed, SRTP both ways through a real janus process started from the bench's own
/// configuration. Peers bind to Janus's candidate address (see <see cref="JanusServer.PeerAddress"/>),
/// so every datagram stays on the loopback device. Needs the Debian package janus (scripts/test.sh installs it).
/// </summary>
public sealed class JanusVideoRoomTests
{
    private const int PacketsPerKind = 100;
    private const uint AudioSsrc = 0xA1A1A1A1;
    private const uint VideoSsrc = 0xB1B1B1B1;

    [Fact]
    public async Task A_synthetic_publisher_reaches_a_synthetic_subscriber_through_janus_and_everything_stops()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var ct = timeout.Token;
        int pid;
        string folder;
        await using (var janus = await JanusServer.StartAsync(cancellationToken: ct))
        {
            pid = janus.Process.Id;
            folder = janus.ConfigFolder;
            Assert.Equal("1.1.2", janus.Version);
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(janus.BaseUrl.Host)));
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

            await using var teacherApi = await JanusVideoRoomClient.ConnectAsync(janus.BaseUrl, http, cancellationToken: ct);
            var room = await teacherApi.CreateRoomAsync(new JanusRoomOptions(), ct);
            await using var teacher = new SyntheticPeer(janus.PeerAddress);
            var publication = await teacherApi.PublishAsync(room, teacher.CreateOffer(AudioSsrc, VideoSsrc), "teacher", ct);
            await teacher.ConnectAsync(publication.AnswerSdp, ct);
            await teacherApi.WebRtcUp.WaitAsync(ct);
            // Janus answered our actpass with active and is a full ICE agent answering: we control ICE and serve DTLS.
            Assert.Equal((true, true), (teacher.IceControlling, teacher.DtlsServer));
            Assert.Equal([publication.FeedId], await teacherApi.PublishersAsync(room, ct));

            await using var studentApi = await JanusVideoRoomClient.ConnectAsync(janus.BaseUrl, http, cancellationToken: ct);
            var offer = await studentApi.SubscribeAsync(room, publication.FeedId, ct);
            await using var student = new SyntheticPeer(janus.PeerAddress);
            await studentApi.StartAsync(student.CreateAnswer(offer), ct);
            await student.ConnectAsync(offer, ct);
            await studentApi.WebRtcUp.WaitAsync(ct);
            // Janus offered: it controls ICE (we answered its checks) and we are the DTLS client.
            Assert.Equal((false, false), (student.IceControlling, student.DtlsServer));
            Assert.True(student.IceChecksAnswered > 0);

            var sentOpus = SyntheticSdp.PayloadType(publication.AnswerSdp, "audio", "opus") ?? throw new InvalidOperationException("no Opus in the answer");
            var sentVp8 = SyntheticSdp.PayloadType(publication.AnswerSdp, "video", "VP8") ?? throw new InvalidOperationException("no VP8 in the answer");
            var gotOpus = SyntheticSdp.PayloadType(offer, "audio", "opus") ?? throw new InvalidOperationException("no Opus in the offer");
            var gotVp8 = SyntheticSdp.PayloadType(offer, "video", "VP8") ?? throw new InvalidOperationException("no VP8 in the offer");
            var received = new ConcurrentDictionary<(byte PayloadType, string Payload), int>();
            student.RtpReceived = packet =>
            {
                if (!RtpPacket.TryParse(packet.Span, out var rtp)) return;
                var payload = Convert.ToHexString(packet.Span.Slice(rtp.PayloadOffset, rtp.PayloadLength));
                received.AddOrUpdate((rtp.PayloadType, payload), 1, (_, n) => n + 1);
            };

            var expected = new HashSet<(byte, string)>();
            for (var i = 0; i < PacketsPerKind; i++)
            {
                var audio = Opus(i);
                var video = Vp8(i);
                Assert.True(teacher.SendRtp(Rtp((byte)sentOpus, AudioSsrc, i, (uint)(i * 960), marker: false, audio)));
                Assert.True(teacher.SendRtp(Rtp((byte)sentVp8, VideoSsrc, i, (uint)(i * 3000), marker: true, video)));
                expected.Add(((byte)gotOpus, Convert.ToHexString(audio)));
                expected.Add(((byte)gotVp8, Convert.ToHexString(video)));
                await Task.Delay(5, ct);
            }
            var wait = Stopwatch.StartNew();
            while (received.Keys.Count(expected.Contains) < expected.Count && wait.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(50, ct);

            var delivered = received.Keys.Count(expected.Contains);
            Assert.True(delivered >= expected.Count * 9 / 10,
                $"{delivered} of {expected.Count} packets reached the subscriber intact; got {received.Count} distinct ({student.ReceivedRtp} RTP, {student.ReceivedRtcp} RTCP). {janus.Diagnostics()}");
            Assert.DoesNotContain(received.Keys, k => !expected.Contains(k) && (k.PayloadType == gotOpus || k.PayloadType == gotVp8) && IsOurs(k.Payload));
            Assert.True(teacher.ReceivedRtcp > 0, "Janus sent the publisher no RTCP (receiver reports, PLI or REMB).");

            await studentApi.LeaveAsync(ct);
            await teacherApi.LeaveAsync(ct);
            await teacherApi.DestroyRoomAsync(room, ct);
        }
        Assert.False(Directory.Exists(folder));
        Assert.False(Directory.Exists($"/proc/{pid}") && IsJanus(pid), $"janus (pid {pid}) is still running");
    }

    [Fact]
    public async Task Janus_errors_carry_its_code_and_reason()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var janus = await JanusServer.StartAsync(cancellationToken: timeout.Token);
        await using var api = await JanusVideoRoomClient.ConnectAsync(janus.BaseUrl, cancellationToken: timeout.Token);
        var room = await api.CreateRoomAsync(new JanusRoomOptions(), timeout.Token);
        var twice = await Assert.ThrowsAsync<JanusException>(() => api.CreateRoomAsync(new JanusRoomOptions { Room = room }, timeout.Token));
        Assert.Equal(427, twice.Code); // JANUS_VIDEOROOM_ERROR_ROOM_EXISTS
        var missing = await Assert.ThrowsAsync<JanusException>(() => api.SubscribeAsync(room + 1, 1, timeout.Token));
        Assert.Equal(426, missing.Code); // JANUS_VIDEOROOM_ERROR_NO_SUCH_ROOM
        Assert.Contains("message join", missing.Message, StringComparison.Ordinal);
    }

    private static bool IsJanus(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "janus";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static readonly byte[] Marker = "CLSR"u8.ToArray();

    private static bool IsOurs(string payloadHex) => payloadHex.Contains(Convert.ToHexString(Marker), StringComparison.Ordinal);

    /// <summary>An Opus-looking payload (TOC byte for 20 ms CELT fullband mono) with our marker and index.</summary>
    private static byte[] Opus(int index)
    {
        var payload = new byte[80];
        payload[0] = 0xFC;
        Marker.CopyTo(payload, 1);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(5), index);
        for (var i = 9; i < payload.Length; i++) payload[i] = (byte)(i * 7 + index);
        return payload;
    }

    /// <summary>
    /// VP8 (RFC 7741): a payload descriptor with S=1, PID 0, then a frame: the first a key frame (frame
    /// tag bit 0 = 0, start code 9D 01 2A, 640×480), the rest inter frames; marker and index after the header.
    /// </summary>
    private static byte[] Vp8(int index)
    {
        var payload = new byte[600];
        payload[0] = 0x10;
        var key = index == 0;
        payload[1] = (byte)(key ? 0x10 : 0x11);
        payload[2] = 0x02;
        payload[3] = 0x00;
        var offset = 4;
        if (key)
        {
            payload[4] = 0x9D;
            payload[5] = 0x01;
            payload[6] = 0x2A;
            BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(7), 640);
            BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(9), 480);
            offset = 11;
        }
        Marker.CopyTo(payload, offset);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(offset + 4), index);
        for (var i = offset + 8; i < payload.Length; i++) payload[i] = (byte)(i * 13 + index);
        return payload;
    }

    private static byte[] Rtp(byte payloadType, uint ssrc, int sequence, uint timestamp, bool marker, byte[] payload)
    {
        var packet = new byte[RtpPacket.FixedHeaderLength + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(1000 + sequence));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90_000 + timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet, RtpPacket.FixedHeaderLength);
        return packet;
    }
}
