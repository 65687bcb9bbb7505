using System.Buffers.Binary;

namespace Classroom.Bench.Media;

/// <summary>
/// What the bench puts inside every RTP payload so receivers can measure: which stream, which packet
/// of it, and when it was sent (Stopwatch ticks of this process; senders and receivers share it).
/// The first byte is a VP8 payload descriptor (S bit) so a peer SFU that looks at video sees a
/// plausible start of a partition; Opus payloads are opaque anyway.
/// </summary>
public static class BenchPayload
{
    public const int Length = 1 + 4 + 4 + 4 + 8;
    private const uint Magic = 0x434C424E; // "CLBN"

    public static void Write(Span<byte> payload, int streamId, uint index, long sentTicks)
    {
        payload[0] = 0x10;
        BinaryPrimitives.WriteUInt32BigEndian(payload[1..], Magic);
        BinaryPrimitives.WriteInt32BigEndian(payload[5..], streamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload[9..], index);
        BinaryPrimitives.WriteInt64BigEndian(payload[13..], sentTicks);
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out int streamId, out uint index, out long sentTicks)
    {
        streamId = 0;
        index = 0;
        sentTicks = 0;
        if (payload.Length < Length || BinaryPrimitives.ReadUInt32BigEndian(payload[1..]) != Magic) return false;
        streamId = BinaryPrimitives.ReadInt32BigEndian(payload[5..]);
        index = BinaryPrimitives.ReadUInt32BigEndian(payload[9..]);
        sentTicks = BinaryPrimitives.ReadInt64BigEndian(payload[13..]);
        return true;
    }
}
