namespace Classroom.Media.Sfu.Simulcast;

/// <summary>What a consumer does with one packet of a simulcast producer.</summary>
public enum LayerDecision
{
    /// <summary>Not the layer this consumer forwards.</summary>
    Drop,
    /// <summary>A packet of the layer it forwards now.</summary>
    Forward,
    /// <summary>The first packet of a key frame of the layer it wanted: it forwards this layer from here on.</summary>
    Switch,
    /// <summary>The layer it wants, but not at a key frame: dropped, and a key frame of this layer is wanted.</summary>
    WaitForKeyframe,
}

/// <summary>
/// Which simulcast layer one consumer forwards (mediasoup's preferred / target / current layers,
/// as one small decision). <see cref="TargetLayer"/> is what the bandwidth allocator allows,
/// <see cref="PreferredLayer"/> what the receiver (or the host for it) asked for; the lower of the
/// two is wanted. A wanted layer that does not arrive (the publisher dropped it for its own uplink)
/// gives way to the best layer that does. The switch happens only at a key frame of the new layer,
/// so the decoder never gets a frame that refers to a picture it never had; until then the current
/// layer keeps flowing. Decisions run on the receive loop; the two wishes may be set from any thread.
/// </summary>
public sealed class LayerSelector
{
    /// <summary>A layer with no packet for this long counts as stopped.</summary>
    public static readonly TimeSpan Inactivity = TimeSpan.FromSeconds(1);

    private readonly int _layerCount;
    private int _target = int.MaxValue;
    private int _preferred = int.MaxValue;
    private int _cap = int.MaxValue;
    private long _switches;

    public LayerSelector(int layerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layerCount, 31);
        _layerCount = layerCount;
    }

    public int LayerCount => _layerCount;

    /// <summary>The highest layer the bandwidth allocator allows (default: the highest there is).</summary>
    public int TargetLayer
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, Math.Max(0, value));
    }

    /// <summary>The highest layer the receiver wants (0: the lowest, e.g. "low" or a thumbnail; default: the highest).</summary>
    public int PreferredLayer
    {
        get => Volatile.Read(ref _preferred);
        set => Volatile.Write(ref _preferred, Math.Max(0, value));
    }

    /// <summary>The highest layer the lesson's receive policy allows this page ("low", the teacher's thumbnails; default: any).</summary>
    public int Cap
    {
        get => Volatile.Read(ref _cap);
        set => Volatile.Write(ref _cap, Math.Max(0, value));
    }

    /// <summary>The highest layer the receiver may have whatever the estimate: its wish under the policy's cap.</summary>
    public int Allowed => Math.Min(PreferredLayer, Cap);

    /// <summary>The layer forwarded now; -1 before the first key frame.</summary>
    public int CurrentLayer { get; private set; } = -1;

    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>Forwarding starts over (a paused consumer resumes): nothing goes out before the next key frame.</summary>
    public void Restart() => CurrentLayer = -1;

    /// <summary>
    /// The layer to forward given which layers arrive (bit i: layer i had a packet lately): the
    /// wanted layer if it arrives, else the highest arriving below it, else the lowest arriving
    /// above it; the wanted layer when none arrives at all.
    /// </summary>
    public int Effective(int arriving)
    {
        var wanted = Math.Min(Math.Min(TargetLayer, Allowed), _layerCount - 1);
        for (var layer = wanted; layer >= 0; layer--)
        {
            if ((arriving & (1 << layer)) != 0) return layer;
        }
        for (var layer = wanted + 1; layer < _layerCount; layer++)
        {
            if ((arriving & (1 << layer)) != 0) return layer;
        }
        return wanted;
    }

    /// <summary>Decides for one packet of <paramref name="layer"/>; <paramref name="keyFrame"/>: it starts a key frame.</summary>
    public LayerDecision Decide(int layer, bool keyFrame, int arriving)
    {
        if (layer == CurrentLayer) return LayerDecision.Forward;
        if (layer != Effective(arriving)) return LayerDecision.Drop;
        if (!keyFrame) return LayerDecision.WaitForKeyframe;
        CurrentLayer = layer;
        Interlocked.Increment(ref _switches);
        return LayerDecision.Switch;
    }
}
