using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Sfu;

/// <summary>
/// One incoming track: a participant's microphone, camera or screen, in one m-section of their
/// publishing transport. Its SSRC comes from the offer's a=ssrc, or is learned from the first
/// authenticated packet carrying its mid (simulcast offers have no a=ssrc). A simulcast camera has
/// up to <see cref="MaxLayers"/> layers, each its own stream (<see cref="Layers"/>), learned by rid.
/// </summary>
public sealed partial class Producer
{
    /// <summary>Simulcast layers the relay takes from one track (the page asks for three: about 150, 400 and 1,200 kbit/s).</summary>
    public const int MaxLayers = 3;

    private readonly ProducerLayer[] _layers;

    /// <param name="rids">The simulcast layers' rids, lowest first (null or empty: one stream).</param>
    /// <param name="time">The clock of the layers' bitrate meters and arrival times (the router's).</param>
    public Producer(string participantId, string trackId, MediaKind kind, string mid, RtpCodec codec, IRtpSink publisher, uint ssrc = 0,
        IReadOnlyList<string>? rids = null, TimeProvider? time = null)
    {
        ParticipantId = participantId;
        TrackId = trackId;
        Kind = kind;
        Mid = mid;
        Codec = codec;
        Publisher = publisher;
        IsVp8 = codec.Name.Equals("VP8", StringComparison.OrdinalIgnoreCase);
        time ??= TimeProvider.System;
        _layers = rids is { Count: > 0 }
            ? rids.Take(MaxLayers).Select((rid, i) => new ProducerLayer(this, i, rid, 0, time)).ToArray()
            : [new ProducerLayer(this, 0, null, ssrc, time)];
        if (codec.IsVideo && _layers.Length == 1) _layers[0].Cache = new PacketCache();
    }

    public string ParticipantId { get; }
    public string TrackId { get; }
    public MediaKind Kind { get; }
    public string Mid { get; }
    public RtpCodec Codec { get; }
    public IRtpSink Publisher { get; }

    /// <summary>The SSRC of the (lowest) stream; 0 until learned.</summary>
    public uint Ssrc
    {
        get => _layers[0].Ssrc;
        internal set => _layers[0].Ssrc = value;
    }

    public bool IsVideo => Codec.IsVideo;

    /// <summary>VP8 (else H.264 for video): which key frame test and descriptor rewriting the packet path uses.</summary>
    internal bool IsVp8 { get; }

    /// <summary>The track's streams, lowest layer first: one, or a simulcast camera's layers.</summary>
    public IReadOnlyList<ProducerLayer> Layers => _layers;

    /// <summary>More than one layer: each consumer forwards one of them (<see cref="Consumer.CurrentLayer"/>).</summary>
    public bool IsSimulcast => _layers.Length > 1;

    /// <summary>Bits per second layer <paramref name="layer"/> arrives with, over the last second (0: none, or no such layer).</summary>
    public long LayerBitrate(int layer) => layer >= 0 && layer < _layers.Length ? _layers[layer].BitsPerSecond : 0;

    /// <summary>Publisher id → relay id for header extensions, or null when they already agree.</summary>
    public byte[]? ExtensionMap { get; init; }

    internal ReceiveStatistics Statistics => _layers[0].Statistics;
    internal PacketCache? Cache => _layers[0].Cache;

    /// <summary>Replaced whole when someone subscribes or leaves; the packet path only reads it.</summary>
    internal Consumer[] Consumers { get; set; } = [];
    public int ConsumerCount => Consumers.Length;

    internal long KeyframeRequestCount;
    public long KeyframeRequests => Interlocked.Read(ref KeyframeRequestCount);
    public bool Closed { get; internal set; }

    /// <summary>Bitmask of the layers that had a packet within <paramref name="window"/> ticks before <paramref name="now"/>.</summary>
    internal int ArrivingLayers(long now, long window)
    {
        var mask = 0;
        for (var i = 0; i < _layers.Length; i++)
        {
            var last = Volatile.Read(ref _layers[i].LastArrival);
            if (last != 0 && now - last < window) mask |= 1 << i;
        }
        return mask;
    }
}
