namespace Classroom.Media.Sfu.Simulcast;

// RFC 7741 §4.2, the VP8 payload descriptor at the start of every VP8 RTP payload:
//
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |X|R|N|S|R| PID | (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  X:   |I|L|T|K| RSV   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PictureID   | (OPTIONAL; M=1: 15 bits over two bytes)
//       +-+-+-+-+-+-+-+-+
//       |   PictureID   |
//       +-+-+-+-+-+-+-+-+
//  L:   |   TL0PICIDX   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  T/K: |TID|Y| KEYIDX  | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//
// and §4.3, the first byte of the VP8 payload header that follows it at the start of a frame
// (S=1, PID=0): |Size0|H| VER |P|, where P=0 marks a key frame. A relay that switches simulcast
// layers rewrites PictureID, TL0PICIDX and KEYIDX in place so the receiver sees one stream.

/// <summary>
/// Where the fields of one VP8 payload descriptor are. Parsing never throws and allocates nothing;
/// a descriptor that runs past the payload is refused.
/// </summary>
public readonly record struct Vp8Descriptor
{
    /// <summary>Bytes of the descriptor; the VP8 payload starts after them.</summary>
    public int Length { get; init; }
    public bool StartOfPartition { get; init; }
    public int PartitionIndex { get; init; }

    /// <summary>Offset of the picture id in the payload, or -1.</summary>
    public int PictureIdOffset { get; init; }
    /// <summary>True for the 15-bit form (M=1), false for 7 bits.</summary>
    public bool WidePictureId { get; init; }
    public int PictureId { get; init; }

    /// <summary>Offset of TL0PICIDX, or -1.</summary>
    public int Tl0PicIdxOffset { get; init; }
    public byte Tl0PicIdx { get; init; }

    /// <summary>Offset of the TID/Y/KEYIDX byte, or -1.</summary>
    public int TidKeyIdxOffset { get; init; }
    public bool HasTid { get; init; }
    public bool HasKeyIdx { get; init; }
    /// <summary>The temporal layer (0 when absent).</summary>
    public int Tid { get; init; }
    /// <summary>Y: this frame depends only on temporal base layer frames (a safe point to raise the frame rate).</summary>
    public bool LayerSync { get; init; }
    public int KeyIdx { get; init; }

    /// <summary>The first packet of a key frame: start of partition 0 and the payload header's P bit clear.</summary>
    public bool IsKeyFrame { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8Descriptor descriptor)
    {
        descriptor = default;
        if (payload.Length < 1) return false;
        var first = payload[0];
        var i = 1;
        int pictureIdOffset = -1, tl0Offset = -1, tidOffset = -1, pictureId = 0;
        bool wide = false, hasTid = false, hasKeyIdx = false;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2) return false;
            var x = payload[1];
            i = 2;
            if ((x & 0x80) != 0)
            {
                if (payload.Length <= i) return false;
                pictureIdOffset = i;
                wide = (payload[i] & 0x80) != 0;
                if (wide)
                {
                    if (payload.Length <= i + 1) return false;
                    pictureId = (payload[i] & 0x7F) << 8 | payload[i + 1];
                    i += 2;
                }
                else
                {
                    pictureId = payload[i] & 0x7F;
                    i++;
                }
            }
            if ((x & 0x40) != 0)
            {
                if (payload.Length <= i) return false;
                tl0Offset = i++;
            }
            hasTid = (x & 0x20) != 0;
            hasKeyIdx = (x & 0x10) != 0;
            if (hasTid || hasKeyIdx)
            {
                if (payload.Length <= i) return false;
                tidOffset = i++;
            }
        }
        var start = (first & 0x10) != 0;
        var partition = first & 0x07;
        // The payload header follows only in the first packet of partition 0; it must be there.
        var keyFrame = start && partition == 0 && payload.Length > i && (payload[i] & 0x01) == 0;
        var tidByte = tidOffset >= 0 ? payload[tidOffset] : (byte)0;
        descriptor = new Vp8Descriptor
        {
            Length = i,
            StartOfPartition = start,
            PartitionIndex = partition,
            PictureIdOffset = pictureIdOffset,
            WidePictureId = wide,
            PictureId = pictureId,
            Tl0PicIdxOffset = tl0Offset,
            Tl0PicIdx = tl0Offset >= 0 ? payload[tl0Offset] : (byte)0,
            TidKeyIdxOffset = tidOffset,
            HasTid = hasTid,
            HasKeyIdx = hasKeyIdx,
            Tid = hasTid ? tidByte >> 6 : 0,
            LayerSync = hasTid && (tidByte & 0x20) != 0,
            KeyIdx = hasKeyIdx ? tidByte & 0x1F : 0,
            IsKeyFrame = keyFrame,
        };
        return true;
    }

    /// <summary>Writes a picture id in the width this descriptor has (7 or 15 bits, wrapping).</summary>
    public void WritePictureId(Span<byte> payload, int pictureId)
    {
        if (PictureIdOffset < 0) return;
        if (WidePictureId)
        {
            payload[PictureIdOffset] = (byte)(0x80 | (pictureId >> 8 & 0x7F));
            payload[PictureIdOffset + 1] = (byte)pictureId;
        }
        else
        {
            payload[PictureIdOffset] = (byte)(pictureId & 0x7F);
        }
    }

    public void WriteTl0PicIdx(Span<byte> payload, byte value)
    {
        if (Tl0PicIdxOffset >= 0) payload[Tl0PicIdxOffset] = value;
    }

    public void WriteKeyIdx(Span<byte> payload, int keyIdx)
    {
        if (HasKeyIdx) payload[TidKeyIdxOffset] = (byte)((payload[TidKeyIdxOffset] & 0xE0) | (keyIdx & 0x1F));
    }

    /// <summary>The picture id space of this descriptor: 2^15 or 2^7.</summary>
    public int PictureIdModulo => WidePictureId ? 0x8000 : 0x80;
}
