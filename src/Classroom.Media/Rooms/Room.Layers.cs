using Classroom.Media.Sfu;

namespace Classroom.Media.Rooms;

// Simulcast choices of a receiver (RFC 8853): which layer of the cameras it receives. The relay
// forwards one layer per camera and switches at key frames; the host only says how high a session
// may go, e.g. "low" (layer 0) for a student on prepaid mobile data or the teacher's thumbnails.

public sealed partial class Room
{
    /// <summary>The lowest simulcast layer (about 150 kbit/s); the highest is <see cref="Producer.MaxLayers"/> - 1.</summary>
    public const int LowestLayer = 0;

    /// <summary>
    /// The highest simulcast layer <paramref name="sessionId"/> receives of the track
    /// <paramref name="trackId"/>, or of every camera it receives now and later when
    /// <paramref name="trackId"/> is null. The bandwidth allocator may still hold it lower; the
    /// switch happens at the layer's next key frame, which the relay asks for.
    /// </summary>
    public void SetPreferredLayer(string sessionId, string? trackId, int layer)
    {
        if (layer is < LowestLayer or >= Producer.MaxLayers)
            throw new MediaControlException(MediaControlError.BadLayer, $"A layer is {LowestLayer} to {Producer.MaxLayers - 1}.");
        if (_relay.FindSession(this, sessionId) is not { } session)
            throw new MediaControlException(MediaControlError.NotFound, "No such media session in this room.");
        lock (session.Gate)
        {
            if (trackId is null) session.PreferredLayer = layer;
            var consumers = session.Receiving?.Subscription.Consumers.Where(c => trackId is null || c.Producer.TrackId == trackId).ToList() ?? [];
            if (trackId is not null && consumers.Count == 0)
                throw new MediaControlException(MediaControlError.NotFound, "This session receives no such track.");
            foreach (var consumer in consumers) consumer.PreferredLayer = layer;
        }
    }
}
