using Classroom.Media.Rtp;

namespace Classroom.Media.Sfu.Simulcast;

// A subscriber must see one stream whatever layer is behind it (RFC 8853 §6.2 leaves the how to the
// middlebox). Each layer has its own random RTP timestamp base (RFC 3550 §5.1) and its own VP8
// picture id, TL0PICIDX and KEYIDX counters (RFC 7741 §4.2). At a switch the new layer's values are
// offset so they continue from the last ones sent: the timestamp by the time that passed since the
// last packet sent (in the codec's clock), the counters by one. Sequence numbers are the
// SequenceRewriter's job. Between switches the offsets stay, so every value is rewritten in place.

/// <summary>The timestamp and VP8 counter offsets of one consumer. Receive loop only; never throws, never allocates.</summary>
public sealed class StreamContinuity(int clockRate, long timestampFrequency)
{
    /// <summary>A switch moves the timestamp on by at least one frame at this rate.</summary>
    public const int MinFrameRate = 30;

    private bool _sentAny;
    private uint _timestampOffset;
    private uint _lastTimestamp;
    private long _lastSentAt;

    private bool _hasPictureId;
    private int _pictureIdOffset;
    private int _lastPictureId;
    private int _tl0Offset;
    private byte _lastTl0;
    private bool _hasTl0;
    private int _keyIdxOffset;
    private int _lastKeyIdx;
    private bool _hasKeyIdx;

    public uint TimestampOffset => _timestampOffset;

    /// <summary>
    /// A new layer starts with this packet (timestamp <paramref name="timestamp"/>, arrived at
    /// <paramref name="now"/>): its values continue from the last ones sent.
    /// </summary>
    public void OnSwitch(uint timestamp, long now, bool hasVp8, in Vp8Descriptor vp8)
    {
        if (!_sentAny) return; // the first layer sent keeps its own values
        // The layers are the same pictures in other sizes, so the new layer's frame may arrive right
        // after the old layer's frame of the same instant: never less than one frame at 30 fps, or
        // the decoder would see two pictures (nearly) at once. The sender reports forwarded to this
        // consumer are moved by the same offset, so lip sync holds whatever delta is chosen.
        var elapsed = (now - _lastSentAt) * (double)clockRate / timestampFrequency;
        var delta = (uint)Math.Clamp(elapsed, clockRate / MinFrameRate, int.MaxValue);
        _timestampOffset = _lastTimestamp + delta - timestamp;
        if (!hasVp8) return;
        if (vp8.PictureIdOffset >= 0 && _hasPictureId) _pictureIdOffset = _lastPictureId + 1 - vp8.PictureId;
        if (vp8.Tl0PicIdxOffset >= 0 && _hasTl0) _tl0Offset = _lastTl0 + 1 - vp8.Tl0PicIdx;
        if (vp8.HasKeyIdx && _hasKeyIdx) _keyIdxOffset = _lastKeyIdx + 1 - vp8.KeyIdx;
    }

    /// <summary>Rewrites the packet's timestamp (and VP8 counters when <paramref name="hasVp8"/>) for this consumer, and remembers what went out.</summary>
    public void Rewrite(Span<byte> packet, uint timestamp, int payloadOffset, bool hasVp8, in Vp8Descriptor vp8, long now)
    {
        var outTimestamp = timestamp + _timestampOffset;
        RtpPacket.SetTimestamp(packet, outTimestamp);
        if (!_sentAny || IsNewer(outTimestamp, _lastTimestamp))
        {
            _lastTimestamp = outTimestamp;
            _lastSentAt = now;
        }
        _sentAny = true;
        if (!hasVp8) return;
        var payload = packet[payloadOffset..];
        if (vp8.PictureIdOffset >= 0)
        {
            var modulo = vp8.PictureIdModulo;
            var pictureId = (int)((uint)(vp8.PictureId + _pictureIdOffset) % (uint)modulo);
            vp8.WritePictureId(payload, pictureId);
            if (!_hasPictureId || IsNewerPictureId(pictureId, _lastPictureId, modulo)) _lastPictureId = pictureId;
            _hasPictureId = true;
        }
        if (vp8.Tl0PicIdxOffset >= 0)
        {
            var tl0 = (byte)(vp8.Tl0PicIdx + _tl0Offset);
            vp8.WriteTl0PicIdx(payload, tl0);
            if (!_hasTl0 || (sbyte)(tl0 - _lastTl0) > 0) _lastTl0 = tl0;
            _hasTl0 = true;
        }
        if (vp8.HasKeyIdx)
        {
            var keyIdx = (vp8.KeyIdx + _keyIdxOffset) & 0x1F;
            vp8.WriteKeyIdx(payload, keyIdx);
            if (!_hasKeyIdx || ((keyIdx - _lastKeyIdx) & 0x1F) is > 0 and < 16) _lastKeyIdx = keyIdx;
            _hasKeyIdx = true;
        }
    }

    private static bool IsNewer(uint a, uint b) => a != b && a - b < 0x8000_0000u;

    private static bool IsNewerPictureId(int a, int b, int modulo)
    {
        var d = (a - b + modulo) % modulo;
        return d > 0 && d < modulo / 2;
    }
}
