using Classroom.Media.Rtp;

namespace Classroom.Media.Sfu;

// RFC 6464: the client-to-mixer audio level extension carries, per packet, the level of its audio
// in -dBov (0 loudest, 127 silence) and a voice-activity bit. The relay reads it from every audio
// packet it forwards (after the publisher's ids were renumbered, id HeaderExtensions.AudioLevel) and
// sums how far each packet is above a noise floor; the relay's tick takes the sum per window.
// Packets that never come (DTX during silence) add nothing, which is what silence should add.

/// <summary>How loud one audio producer was since the last <see cref="TakeWindow"/>. Written on the receive loop, taken by the tick.</summary>
public sealed class SpeechMeter
{
    /// <summary>Levels at or below −70 dBov count as silence (room noise, a fan); speech is about −20 to −40.</summary>
    public const int NoiseFloor = 70;

    private long _energy;
    private long _packets;

    /// <summary>Packet path: reads the level of one audio packet, if it carries one. Never throws or allocates.</summary>
    public void OnPacket(ReadOnlySpan<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out var rtp) || !rtp.TryGetExtension(packet, HeaderExtensions.AudioLevel, out var value) || value.IsEmpty) return;
        var level = value[0] & 0x7F;
        Interlocked.Increment(ref _packets);
        if (level < NoiseFloor) Interlocked.Add(ref _energy, NoiseFloor - level);
    }

    /// <summary>The loudness summed since the last call (0: silent or not sending), and starts the next window.</summary>
    public long TakeWindow()
    {
        Interlocked.Exchange(ref _packets, 0);
        return Interlocked.Exchange(ref _energy, 0);
    }
}

public sealed partial class Producer
{
    /// <summary>The loudness of this (audio) track per window, for the dominant speaker.</summary>
    public SpeechMeter Speech { get; } = new();
}
