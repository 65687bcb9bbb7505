using Classroom.Media.Rtp;

namespace Classroom.Media.Sfu;

// RFC 8285 §4: header extension elements carry a local id negotiated per session. The relay forwards
// packets unchanged apart from the header, so it renumbers a publisher's ids to the ids every
// subscriber was offered (Chromium's own numbering, so usually nothing changes). Ids subscribers were
// not offered (mid, rid, transport-cc) are ignored by them, which is what we want: those values
// describe the publisher's session, not the subscriber's.

/// <summary>The relay's fixed header extension ids and the per-publisher renumbering.</summary>
public static class HeaderExtensions
{
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public const byte AudioLevel = 1;
    public const byte AbsSendTime = 2;
    public const byte TransportCc = 3;

    /// <summary>An id no subscriber is ever offered: an element renumbered to it is skipped by the receiver.</summary>
    public const byte Ignored = 14;

    public static byte CanonicalId(string uri) => uri switch
    {
        AudioLevelUri => AudioLevel,
        AbsSendTimeUri => AbsSendTime,
        TransportCcUri => TransportCc,
        MidUri => 4,
        RidUri => 10,
        RepairedRidUri => 11,
        _ => Ignored,
    };

    /// <summary>Publisher id → relay id for ids 1..14, or null when the publisher already uses the relay's ids.</summary>
    public static byte[]? MapFor(IReadOnlyDictionary<int, string> negotiated)
    {
        var map = new byte[16];
        var identity = true;
        for (var id = 0; id < 16; id++) map[id] = (byte)id;
        foreach (var (id, uri) in negotiated)
        {
            if (id is < 1 or > 14) continue;
            map[id] = CanonicalId(uri);
            identity &= map[id] == id;
        }
        return identity ? null : map;
    }

    /// <summary>Renumbers the one-byte-header elements of <paramref name="packet"/> in place; anything malformed is left alone.</summary>
    public static void Renumber(Span<byte> packet, ReadOnlySpan<byte> map)
    {
        if (!RtpPacket.TryParse(packet, out var rtp) || rtp.ExtensionOffset < 0 || rtp.ExtensionProfile != 0xBEDE) return;
        var block = packet.Slice(rtp.ExtensionOffset, rtp.ExtensionLength);
        var i = 0;
        while (i < block.Length)
        {
            if (block[i] == 0)
            {
                i++;
                continue;
            }
            var id = block[i] >> 4;
            if (id == 15) return;
            var length = (block[i] & 0x0F) + 1;
            block[i] = (byte)(map[id] << 4 | (block[i] & 0x0F));
            i += 1 + length;
        }
    }
}
