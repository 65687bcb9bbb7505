using System.Collections.Frozen;
using System.Text;
using Classroom.Media.Rtp;

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
    private FrozenDictionary<uint, Producer> _bySsrc = FrozenDictionary<uint, Producer>.Empty;
    private Producer[] _producers = [];

    public string ParticipantId { get; } = participantId;
    public IRtpSink Transport { get; } = transport;

    /// <summary>Arrivals of this publisher's packets by transport-wide number, fed back to its browser.</summary>
    internal Congestion.ArrivalRecorder Arrivals { get; } = new();
    public IReadOnlyList<Producer> Producers => _producers;

    /// <summary>The publisher's id for the sdes:mid header extension (0: not negotiated).</summary>
    public int MidExtensionId { get; set; }

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
        if (_bySsrc.TryGetValue(ssrc, out producer!)) return true;
        return MidExtensionId > 0 && TryLearn(ssrc, packet, out producer);
    }

    private bool TryLearn(uint ssrc, ReadOnlySpan<byte> packet, out Producer producer)
    {
        producer = null!;
        if (!RtpPacket.TryParse(packet, out var rtp) || !rtp.TryGetExtension(packet, MidExtensionId, out var mid) || mid.Length > 16) return false;
        lock (_control)
        {
            if (_bySsrc.Count >= MaxSsrcs) return false;
            Span<char> text = stackalloc char[16];
            var length = Encoding.ASCII.GetChars(mid, text);
            foreach (var candidate in _producers)
            {
                if (candidate.Ssrc != 0 || !candidate.Mid.AsSpan().SequenceEqual(text[..length])) continue;
                candidate.Ssrc = ssrc;
                Reindex();
                producer = candidate;
                return true;
            }
        }
        return false;
    }

    private void Reindex() =>
        _bySsrc = _producers.Where(p => p.Ssrc != 0).Take(MaxSsrcs).DistinctBy(p => p.Ssrc).ToFrozenDictionary(p => p.Ssrc);
}
