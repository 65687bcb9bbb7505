namespace Classroom.Media.Sfu.Simulcast;

/// <summary>
/// Bits per second of one incoming stream over the last second, in ten 100 ms buckets. Written on
/// the receive loop (no allocation, no lock); read from any thread (the bandwidth allocator): a read
/// that races a write may miss that one packet, which a smoothed rate does not care about.
/// </summary>
public sealed class BitrateMeter
{
    private const int Buckets = 10;
    private static readonly long BucketTicks = TimeSpan.FromMilliseconds(100).Ticks;

    private readonly TimeProvider _time;
    private readonly long[] _bucketIndex = new long[Buckets];
    private readonly long[] _bytes = new long[Buckets];

    public BitrateMeter(TimeProvider time)
    {
        _time = time;
        Array.Fill(_bucketIndex, long.MinValue);
    }

    /// <summary>A packet of <paramref name="bytes"/> arrived at <paramref name="timestamp"/> (the meter's TimeProvider ticks).</summary>
    public void Add(int bytes, long timestamp)
    {
        var index = BucketOf(timestamp);
        var slot = (int)(index % Buckets);
        if (Volatile.Read(ref _bucketIndex[slot]) != index)
        {
            Volatile.Write(ref _bytes[slot], 0);
            Volatile.Write(ref _bucketIndex[slot], index);
        }
        Interlocked.Add(ref _bytes[slot], bytes);
    }

    /// <summary>Bits per second over the last second (the current bucket included), 0 when nothing came.</summary>
    public long BitsPerSecond
    {
        get
        {
            var now = BucketOf(_time.GetTimestamp());
            long bytes = 0;
            for (var slot = 0; slot < Buckets; slot++)
            {
                var index = Volatile.Read(ref _bucketIndex[slot]);
                if (index > now - Buckets && index <= now) bytes += Volatile.Read(ref _bytes[slot]);
            }
            return bytes * 8;
        }
    }

    private long BucketOf(long timestamp) =>
        (long)(timestamp * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency) / BucketTicks;
}
