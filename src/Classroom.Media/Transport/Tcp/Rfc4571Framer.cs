using System.Buffers.Binary;

namespace Classroom.Media.Transport.Tcp;

// RFC 4571 §2: RTP, RTCP, STUN and DTLS over a connection-oriented transport, each packet preceded
// by its length (ICE-TCP uses exactly this framing, RFC 6544 §3):
//
//     0                   1                   2                   3
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//    ---------------------------------------------------------------
//    |             LENGTH            |  RTP or RTCP packet ...       |
//    ---------------------------------------------------------------
//
// LENGTH is an unsigned 16-bit count of the bytes that follow, in network order. RFC 4571 allows up
// to 65,535; the relay takes nothing larger than a datagram it would take over UDP, so a frame
// announcing more is refused and its connection closed (a buffer sized by a stranger is the attack).

/// <summary>What <see cref="Rfc4571Deframer.Next"/> found in the bytes given to it.</summary>
public enum DeframeResult
{
    /// <summary>The input is used up and no whole frame is ready; call again with the next bytes.</summary>
    NeedMore = 0,

    /// <summary>One whole frame is ready (its bytes stay valid until the next call).</summary>
    Frame,

    /// <summary>The stream announced a frame of 0 bytes or more than <see cref="Rfc4571Deframer.MaxFrame"/>: close the connection.</summary>
    Invalid,
}

/// <summary>
/// Cuts a TCP byte stream into RFC 4571 frames, whatever way the stream was split into reads (a frame
/// over several reads, several frames in one). Holds at most one partial frame in a buffer of its own,
/// allocated once; never allocates or throws per frame. One per connection, used by one reader.
/// </summary>
public sealed class Rfc4571Deframer
{
    /// <summary>The largest frame taken: an Ethernet MTU's worth, as the relay's UDP path accepts.</summary>
    public const int MaxFrame = 1500;

    /// <summary>The 2-byte length prefix.</summary>
    public const int PrefixLength = 2;

    private readonly byte[] _frame = new byte[MaxFrame];
    private readonly byte[] _prefix = new byte[PrefixLength];
    private int _prefixHave;
    private int _expected;
    private int _have;
    private bool _invalid;

    private int _last;

    /// <summary>The frame <see cref="Next"/> returned last (valid until the next call): for a caller that must wait before handing it on.</summary>
    public ReadOnlySpan<byte> LastFrame => _frame.AsSpan(0, _last);

    /// <summary>True while part of a frame (or of its length prefix) has arrived and the rest has not.</summary>
    public bool Partial => _prefixHave > 0 || _expected > 0;

    /// <summary>
    /// Takes bytes from <paramref name="input"/> (advancing it) until one frame is whole or the input
    /// is used up. After <see cref="DeframeResult.Invalid"/> it stays invalid: the stream has lost its framing.
    /// </summary>
    public DeframeResult Next(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        if (_invalid) return DeframeResult.Invalid;
        if (_expected == 0)
        {
            var take = Math.Min(PrefixLength - _prefixHave, input.Length);
            input[..take].CopyTo(_prefix.AsSpan(_prefixHave));
            _prefixHave += take;
            input = input[take..];
            if (_prefixHave < PrefixLength) return DeframeResult.NeedMore;
            var length = BinaryPrimitives.ReadUInt16BigEndian(_prefix);
            _prefixHave = 0;
            if (length is 0 or > MaxFrame)
            {
                _invalid = true;
                return DeframeResult.Invalid;
            }
            _expected = length;
            _have = 0;
        }
        var part = Math.Min(_expected - _have, input.Length);
        input[..part].CopyTo(_frame.AsSpan(_have));
        _have += part;
        input = input[part..];
        if (_have < _expected) return DeframeResult.NeedMore;
        frame = _frame.AsSpan(0, _expected);
        _last = _expected;
        _expected = 0;
        _have = 0;
        return DeframeResult.Frame;
    }

    /// <summary>Writes <paramref name="packet"/> with its length prefix; returns the bytes written (0 if it is empty, too large, or does not fit).</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty || packet.Length > ushort.MaxValue || destination.Length < PrefixLength + packet.Length) return 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Length);
        packet.CopyTo(destination[PrefixLength..]);
        return PrefixLength + packet.Length;
    }
}
