namespace Classroom.Core.LinkQuality;

/// <summary>
/// One report interval's measurements of a participant's link, from whatever the relay has: loss and
/// jitter of what they publish (the relay's receiver reports), and, once the per-subscriber estimator
/// feeds it, the bandwidth estimate, loss and round-trip time of what they receive. Unknown: null.
/// </summary>
/// <param name="LossPercent">Packets lost in the interval, in percent (the worse of the directions measured).</param>
/// <param name="JitterMs">Interarrival jitter of their audio at the relay, in milliseconds.</param>
/// <param name="RttMs">Round-trip time between the relay and the page.</param>
/// <param name="EstimateKbps">The bandwidth the relay estimates it may send them, in kbit/s.</param>
public sealed record LinkFigures(double LossPercent, double? JitterMs = null, int? RttMs = null, int? EstimateKbps = null);
