namespace Classroom.Media.Fuzz.Targets;

/// <summary>One input to a target: the bytes libFuzzer made, or one file of the committed corpus.</summary>
public delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>
/// A fuzz target: feeds one input to the real parsers and throws <see cref="FuzzCheckException"/>
/// when an invariant breaks. Any exception that escapes is a finding (libFuzzer reports a crash and
/// saves the input); refusals are return values, never exceptions.
/// </summary>
public sealed record FuzzTarget(string Name, string Summary, FuzzAction Run);

/// <summary>The targets, by the name scripts/fuzz.sh and the corpus folders use.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("stun", "STUN messages and the ICE-lite agent's answer (RFC 5389, RFC 8445)", StunTarget.Run),
        new("rtp", "RTP headers, one- and two-byte header extensions, extension renumbering (RFC 3550, RFC 8285)", RtpTarget.Run),
        new("rtcp", "compound RTCP and every report and feedback message (RFC 3550, 4585, 5104, REMB)", RtcpTarget.Run),
        new("srtp", "SRTP and SRTCP unprotect under both profiles with fixed keys (RFC 3711, RFC 7714)", SrtpTarget.Run),
        new("sdp", "SDP offers, the attribute reads and the answer built from them (RFC 8866, RFC 8829)", SdpTarget.Run),
        new("dtls", "the DTLS records a transport accepts before and during a handshake (RFC 6347, RFC 5764)", DtlsTarget.Run),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}

/// <summary>An invariant of a parser broke: a finding, reported like a crash.</summary>
public sealed class FuzzCheckException(string message) : Exception(message);

internal static class Fuzz
{
    public static void Check(bool condition, string what)
    {
        if (!condition) throw new FuzzCheckException(what);
    }

    /// <summary>True when <paramref name="part"/> lies inside <paramref name="whole"/> (spans of the same memory).</summary>
    public static bool Within(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> part) =>
        part.IsEmpty || (whole.Overlaps(part, out var offset) && offset >= 0 && offset + part.Length <= whole.Length);

    /// <summary>
    /// Splits an input into datagrams for the targets that take several: each is a 2-byte big-endian
    /// length and its bytes; a last length that overruns the input takes what is left.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> input, Span<Range> datagrams)
    {
        var count = 0;
        var offset = 0;
        while (offset + 2 <= input.Length && count < datagrams.Length)
        {
            var length = (input[offset] << 8) | input[offset + 1];
            var start = offset + 2;
            var end = Math.Min(input.Length, start + length);
            datagrams[count++] = start..end;
            offset = end;
        }
        return count;
    }
}
