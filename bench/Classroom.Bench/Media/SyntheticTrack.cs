namespace Classroom.Bench.Media;

/// <summary>The audio or video a synthetic publisher sends: payload type, clock, packet size and rate.</summary>
public sealed record MediaStreamProfile(string Kind, byte PayloadType, int ClockRate, int PacketBytes, double PacketsPerSecond)
{
    /// <summary>Opus at 20 ms frames, ~32 kbit/s of payload (a voice at school quality).</summary>
    public static MediaStreamProfile Audio { get; } = new("audio", 111, 48000, 80, 50);

    /// <summary>VP8 at the given bitrate in 1,000-byte packets (a teacher's camera for slow links is 150–500 kbit/s).</summary>
    public static MediaStreamProfile Video(int bitsPerSecond) => new("video", 96, 90000, 1000, bitsPerSecond / 8.0 / 1000);

    public double BitsPerSecond => PacketBytes * 8 * PacketsPerSecond;
}

/// <summary>
/// One stream being sent: its SSRC, the profile, and its own sequence/timestamp state. A track that
/// continues an earlier one on the same SSRC (the next step of a scenario) starts at that one's
/// <see cref="NextPacket"/>: restarting the sequence would be a replay to SRTP and dropped.
/// </summary>
public sealed class SyntheticTrack(int streamId, uint ssrc, MediaStreamProfile profile, Func<ReadOnlySpan<byte>, bool> send, uint firstPacket = 0)
{
    private uint _index;
    private uint _packet = firstPacket;

    /// <summary>The RTP packet counter (sequence and timestamp derive from it) for a track that continues this one.</summary>
    public uint NextPacket => _packet;

    public int StreamId { get; } = streamId;
    public uint Ssrc { get; } = ssrc;
    public MediaStreamProfile Profile { get; } = profile;
    public long Sent { get; private set; }
    public long SendFailures { get; private set; }

    /// <summary>Builds and sends the next packet; called by the pacer only (one thread).</summary>
    public void SendNext(Span<byte> buffer, long nowTicks)
    {
        var length = 12 + Math.Max(Profile.PacketBytes, BenchPayload.Length);
        buffer[0] = 0x80;
        buffer[1] = Profile.PayloadType;
        var sequence = (ushort)_packet;
        buffer[2] = (byte)(sequence >> 8);
        buffer[3] = (byte)sequence;
        var timestamp = (uint)(_packet * (Profile.ClockRate / Profile.PacketsPerSecond));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], timestamp);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], Ssrc);
        BenchPayload.Write(buffer[12..], StreamId, _index, nowTicks);
        _index++;
        _packet++;
        if (send(buffer[..length])) Sent++;
        else SendFailures++;
    }
}
