namespace Classroom.Media.Sfu.Simulcast;

// RFC 6184 §5.2-5.8: an H.264 RTP payload starts with a NAL unit header |F|NRI| Type |. A decoder
// can start at an IDR slice (type 5) with its parameter sets (SPS, type 7); they come as single NAL
// units, aggregated in a STAP-A (type 24: 16-bit size, NAL unit, repeated), or as the first fragment
// of an FU-A (type 28: FU indicator, then |S|E|R| Type | with S set).

/// <summary>Finds the start of an H.264 key frame in one RTP payload. Never throws, allocates nothing.</summary>
public static class H264KeyFrame
{
    private const int Idr = 5;
    private const int Sps = 7;
    private const int StapA = 24;
    private const int FuA = 28;

    public static bool IsKeyFrame(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return false;
        var type = payload[0] & 0x1F;
        switch (type)
        {
            case Idr or Sps:
                return true;
            case StapA:
                for (var i = 1; i + 2 < payload.Length;)
                {
                    var size = payload[i] << 8 | payload[i + 1];
                    i += 2;
                    if (size == 0 || size > payload.Length - i) return false;
                    if ((payload[i] & 0x1F) is Idr or Sps) return true;
                    i += size;
                }
                return false;
            case FuA:
                return payload.Length > 1 && (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) is Idr or Sps;
            default:
                return false;
        }
    }
}
