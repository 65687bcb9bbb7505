// Mutation engine for the SDP fuzz target (RFC 8866 §5: "<type>=<value>" lines). Edits are character
// and line level, with tokens that sit on the parser's decisions: separators, line ends, numbers past
// their ranges and the attribute names the answer builder reads.
namespace Classroom.Media.Tests.Fuzz;

/// <summary>Deterministic text mutator working in a caller-owned buffer, so a mutation allocates nothing.</summary>
internal sealed class TextMutator(Random random)
{
    private static readonly char[] InterestingChars = [' ', ':', '/', '=', '\r', '\n', '\t', '\0', '0', '9', '-', '+', ';', 'a', 'm', 'v', 'A', '\u00E9', '\uD800', '\uFFFF'];

    private static readonly string[] Tokens =
    [
        "0", "-1", "65535", "65536", "99999", "4294967295", "4294967296", "2147483648", "128", "255", " ", "  ", ":", "/", "\r\n", "\n", "\r",
        "a=", "m=", "v=0", "c=IN IP4 0.0.0.0", "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", "a=rtpmap:", "a=rtpmap:96 VP8/90000", "a=rtpmap:111 opus/48000/2",
        "a=fmtp:", "a=fmtp:102 packetization-mode=1", "a=rtpmap:102 H264/90000", "a=rtcp-fb:96 nack pli", "a=extmap:", "a=extmap:4/sendonly ",
        "a=rid:", "a=rid:q send", "a=simulcast:send ", "a=simulcast:send q;h;f", "a=group:BUNDLE ", "a=mid:", "a=sendonly", "a=recvonly",
        "a=inactive", "a=ssrc:", "a=rtcp-rsize", "urn:ietf:params:rtp-hdrext:sdes:mid", "UDP/TLS/RTP/SAVPF", "H264/90000", "VP8/90000", "opus/48000/2",
    ];

    /// <summary>Applies one to four edits to <c>buffer[..length]</c>; returns the new length.</summary>
    public int Mutate(char[] buffer, int length)
    {
        var edits = random.Next(8) switch { < 4 => 1, < 6 => 2, 6 => 3, _ => 4 };
        for (var e = 0; e < edits; e++) length = MutateOnce(buffer, length);
        return length;
    }

    private int MutateOnce(char[] buffer, int length)
    {
        switch (random.Next(9))
        {
            case 0: // replace a character
                if (length > 0) buffer[random.Next(length)] = random.Next(2) == 0 ? InterestingChars[random.Next(InterestingChars.Length)] : (char)random.Next(32, 127);
                return length;
            case 1: // erase a few characters
                {
                    if (length == 0) return 0;
                    var at = random.Next(length);
                    var remove = Math.Min(random.Next(1, 9), length - at);
                    Array.Copy(buffer, at + remove, buffer, at, length - at - remove);
                    return length - remove;
                }
            case 2: // insert a token
                return Insert(buffer, length, random.Next(length + 1), Tokens[random.Next(Tokens.Length)]);
            case 3: // truncate
                return random.Next(length + 1);
            case 4: // duplicate a line
                {
                    var (start, end) = Line(buffer, length, random.Next(length + 1));
                    return Insert(buffer, length, end, new ReadOnlySpan<char>(buffer, start, end - start).ToString());
                }
            case 5: // delete a line
                {
                    var (start, end) = Line(buffer, length, random.Next(length + 1));
                    Array.Copy(buffer, end, buffer, start, length - end);
                    return length - (end - start);
                }
            case 6: // move a line elsewhere (attributes before their m= line, m= lines out of order)
                {
                    var (start, end) = Line(buffer, length, random.Next(length + 1));
                    var line = new ReadOnlySpan<char>(buffer, start, end - start).ToString();
                    Array.Copy(buffer, end, buffer, start, length - end);
                    length -= line.Length;
                    var (to, _) = Line(buffer, length, random.Next(length + 1));
                    return Insert(buffer, length, to, line);
                }
            default: // replace the number nearest a random place with one past its range
                return ReplaceNumber(buffer, length);
        }
    }

    private int ReplaceNumber(char[] buffer, int length)
    {
        if (length == 0) return 0;
        var at = random.Next(length);
        while (at < length && !char.IsAsciiDigit(buffer[at])) at++;
        if (at == length) return length;
        var end = at;
        while (end < length && char.IsAsciiDigit(buffer[end])) end++;
        Array.Copy(buffer, end, buffer, at, length - end);
        return Insert(buffer, length - (end - at), at, Tokens[random.Next(10)]);
    }

    /// <summary>The line around <paramref name="position"/>, including its line end.</summary>
    private static (int Start, int End) Line(char[] buffer, int length, int position)
    {
        var start = position;
        while (start > 0 && buffer[start - 1] != '\n') start--;
        var end = position;
        while (end < length && buffer[end] != '\n') end++;
        return (start, Math.Min(length, end + 1));
    }

    private static int Insert(char[] buffer, int length, int at, string text)
    {
        var add = Math.Min(text.Length, buffer.Length - length);
        Array.Copy(buffer, at, buffer, at + add, length - at);
        text.AsSpan(0, add).CopyTo(buffer.AsSpan(at));
        return length + add;
    }
}
