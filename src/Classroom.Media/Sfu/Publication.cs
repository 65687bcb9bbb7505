using System.Collections.Frozen;
using System.Text;
using Classroom.Media.Rtp;
using Classroom.Media.Sfu.Simulcast;

namespace Classroom.Media.Sfu;

/// <summary>
/// The tracks of one publishing transport, found by SSRC on the packet path. Only this transport's
/// authenticated packets reach it, so one publisher can never feed another's track by reusing its SSRC.
/// </summary>
public sealed class Publication(string participantId, IRtpSink transport)
{
    /// <summary>SSRCs one publisher may use (a camera in three simulcast layers, a microphone, a screen, and spare).</summary>
    public const int MaxSsrcs = 8;

    private readonly Lock _control = new();
    private FrozenDictionary<uint, ProducerLayer> _bySsrc = FrozenDictionary<uint, ProducerLayer>.Empty;
    private Producer[] _producers = [];

    public string ParticipantId { get; } = participantId;
    public IRtpSink Transport { get; } = transport;

    /// <summary>Arrivals of this publisher's packets by transport-wide number, fed back to its browser.</summary>
    internal Congestion.ArrivalRecorder Arrivals { get; } = new();
    public IReadOnlyList<Producer> Producers => _producers;

    /// <summary>The publisher's id for the sdes:mid header extension (0: not negotiated).</summary>
    public int MidExtensionId { get; set; }

    /// <summary>The publisher's id for the sdes:rtp-stream-id (rid) header extension (0: not negotiated).</summary>
    public int RidExtensionId { get; set; }

    /// <summary>Replaces the track set after a (re)negotiation; returns the tracks that ended.</summary>
    public IReadOnlyList<Producer> Replace(IReadOnlyList<Producer> producers)
    {
        lock (_control)
        {
            var ended = _producers.Where(p => !producers.Contains(p)).ToList();
            _producers = [.. producers];
            Reindex();
            return ended;
        }
    }

    public bool TryFind(uint ssrc, ReadOnlySpan<byte> packet, out Producer producer)
    {
        var found = TryFind(ssrc, packet, out ProducerLayer layer);
        producer = found ? layer.Producer : null!;
        return found;
    }

    /// <summary>The stream (a track, or one simulcast layer of it) this SSRC belongs to; learns it from the packet's mid and rid when new.</summary>
    public bool TryFind(uint ssrc, ReadOnlySpan<byte> packet, out ProducerLayer layer)
    {
        if (_bySsrc.TryGetValue(ssrc, out layer!)) return true;
        return MidExtensionId > 0 && !packet.IsEmpty && TryLearn(ssrc, packet, out layer);
    }

    private bool TryLearn(uint ssrc, ReadOnlySpan<byte> packet, out ProducerLayer layer)
    {
        layer = null!;
        if (!RtpPacket.TryParse(packet, out var rtp) || !rtp.TryGetExtension(packet, MidExtensionId, out var mid) || mid.Length > 16) return false;
        ReadOnlySpan<byte> rid = default;
        var hasRid = RidExtensionId > 0 && rtp.TryGetExtension(packet, RidExtensionId, out rid) && rid.Length <= 16;
        lock (_control)
        {
            if (_bySsrc.Count >= MaxSsrcs || _bySsrc.ContainsKey(ssrc)) return false;
            Span<char> text = stackalloc char[16];
            var length = Encoding.ASCII.GetChars(mid, text);
            Span<char> ridText = stackalloc char[16];
            var ridLength = hasRid ? Encoding.ASCII.GetChars(rid, ridText) : 0;
            foreach (var candidate in _producers)
            {
                if (!candidate.Mid.AsSpan().SequenceEqual(text[..length])) continue;
                foreach (var stream in candidate.Layers)
                {
                    // A layer is named by its rid; a track without simulcast has one stream and no rid.
                    if (stream.Ssrc != 0) continue;
                    if (stream.Rid is not null && (!hasRid || !stream.Rid.AsSpan().SequenceEqual(ridText[..ridLength]))) continue;
                    stream.Ssrc = ssrc;
                    if (candidate.IsVideo) stream.Cache ??= new PacketCache();
                    Reindex();
                    layer = stream;
                    return true;
                }
            }
        }
        return false;
    }

    private void Reindex() =>
        _bySsrc = _producers.SelectMany(p => p.Layers).Where(l => l.Ssrc != 0).Take(MaxSsrcs).DistinctBy(l => l.Ssrc).ToFrozenDictionary(l => l.Ssrc);
}
