using System.Diagnostics;
using System.Globalization;
using Classroom.Bench.Reporting;
using Classroom.Contracts;

namespace Classroom.Bench.Scenarios.District;

/// <summary>
/// Counts one chat window: messages sent, deliveries expected (the lesson's members when the send
/// succeeded) and delivered, and fan-out latency. A message's text carries the run it belongs to and
/// the sender's Stopwatch timestamp (sender and receivers share this process), so each receiver
/// measures send-to-receive without clock sync, and stragglers of an earlier run are not miscounted.
/// </summary>
public sealed class FanoutMeter(int run)
{
    private const string Prefix = "#b";

    /// <summary>Upper edges (ms) of the latency histogram; the last bucket is everything above.</summary>
    public static readonly double[] BucketEdges = [10, 25, 50, 100, 150, 200, 250, 300, 500, 1000];
    private readonly long[] _buckets = new long[BucketEdges.Length + 1];
    private long _sent;
    private long _failed;
    private long _expected;
    private long _delivered;
    private string? _firstFailure;

    public int Run { get; } = run;
    public LatencyRecorder Latency { get; } = new();
    public long Sent => Interlocked.Read(ref _sent);
    public long Failed => Interlocked.Read(ref _failed);
    public long Expected => Interlocked.Read(ref _expected);
    public long Delivered => Interlocked.Read(ref _delivered);
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>A received message, with the stamp taken off, kept to size the wire formats with.</summary>
    public ChatMessageView? Sample { get; private set; }

    /// <summary>Deliveries per latency bucket (see <see cref="BucketEdges"/>), to tell a smooth tail from steps.</summary>
    public long[] Histogram() => [.. _buckets];

    public string Stamp(string phrase) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Run}:{Stopwatch.GetTimestamp()} {phrase}");

    public void Succeeded(int members)
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Add(ref _expected, members);
    }

    public void FailedWith(Exception error)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstFailure, $"{error.GetType().Name}: {error.Message}", null);
    }

    /// <summary>Called on a connection's receive loop: parse, record, return.</summary>
    public void Received(ChatMessageView message, long receivedAt)
    {
        var sentAt = Parse(message.Text, Run, out var phrase);
        if (sentAt is null) return;
        var ms = Stopwatch.GetElapsedTime(sentAt.Value, receivedAt).TotalMilliseconds;
        Latency.Add(ms);
        var bucket = Array.FindIndex(BucketEdges, edge => ms < edge);
        Interlocked.Increment(ref _buckets[bucket < 0 ? BucketEdges.Length : bucket]);
        if (Interlocked.Increment(ref _delivered) == 1) Sample = message with { Text = phrase };
    }

    /// <summary>The run number a stamped text belongs to, or null for someone else's text.</summary>
    public static int? RunOf(string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > Prefix.Length && int.TryParse(text.AsSpan(Prefix.Length, colon - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null;
    }

    private static long? Parse(string text, int run, out string phrase)
    {
        phrase = text;
        if (RunOf(text) != run) return null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var space = text.IndexOf(' ', colon);
        if (space < 0 || !long.TryParse(text.AsSpan(colon + 1, space - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
        phrase = text[(space + 1)..];
        return ticks;
    }
}

/// <summary>Routes every client's ChatReceived to the meter of the run the message belongs to.</summary>
public sealed class FanoutMeters
{
    private volatile FanoutMeter? _current;
    private int _runs;
    private long _strays;

    /// <summary>Deliveries of an earlier run that arrived after it was summed up (late beyond the drain timeout).</summary>
    public long Strays => Interlocked.Read(ref _strays);

    public FanoutMeter Begin()
    {
        var meter = new FanoutMeter(Interlocked.Increment(ref _runs));
        _current = meter;
        return meter;
    }

    public void Received(ChatMessageView message)
    {
        var at = Stopwatch.GetTimestamp();
        var meter = _current;
        if (meter is not null && FanoutMeter.RunOf(message.Text) == meter.Run) meter.Received(message, at);
        else Interlocked.Increment(ref _strays);
    }
}
