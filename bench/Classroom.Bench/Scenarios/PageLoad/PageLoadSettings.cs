using Classroom.Bench.Infrastructure;
using Classroom.LinkEmulator;
using Classroom.Testing.Servers;

namespace Classroom.Bench.Scenarios.PageLoad;

/// <summary>How the student page is served and trusted in one measured case.</summary>
public enum PageLoadMode
{
    /// <summary>Plain HTTP (what the README served before HTTPS, and a reverse proxy's upstream).</summary>
    Http,

    /// <summary>HTTPS with the server's own certificate on a device that trusts it (installed the school CA).</summary>
    Https,

    /// <summary>
    /// HTTPS with the server's own certificate on a device that only clicked "proceed": Chromium
    /// keeps no cache of pages whose certificate had an error, so every visit is a first visit.
    /// </summary>
    HttpsProceeded,
}

public sealed record PageLoadSettings
{
    /// <summary>The student's line, both ways.</summary>
    public int LinkBitsPerSecond { get; init; } = 256_000;

    /// <summary>One-way delay of the line.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Measured first visit + repeat visit pairs per mode (the median is reported).</summary>
    public int Runs { get; init; } = 3;

    public IReadOnlyList<PageLoadMode> Modes { get; init; } = [PageLoadMode.Https, PageLoadMode.HttpsProceeded, PageLoadMode.Http];

    /// <summary>Another build of the server (an older commit's Classroom.Server.dll) for the "before" figure; null for this checkout's.</summary>
    public string? ServerDll { get; init; }

    /// <summary>The page a student opens: the code form.</summary>
    public string Path { get; init; } = "j";

    public string ChromiumPath { get; init; } = "/usr/bin/chromium";

    public string OutDirectory { get; init; } = System.IO.Path.Combine(ServerProcess.RepositoryRoot(), "bench", "results");

    /// <summary>A student's line: the rate both ways, the delay, no loss (TCP turns loss into stalls; this measures bytes and round trips).</summary>
    public LinkProfile Link => LinkProfile.Symmetric("student-line", new LinkDirection
    {
        RateBitsPerSecond = LinkBitsPerSecond,
        Delay = Delay,
        QueueLimitBytes = LinkDirection.QueueBytesFor(LinkBitsPerSecond, TimeSpan.FromMilliseconds(500)),
    }, $"{LinkBitsPerSecond / 1000} kbit/s, {Delay.TotalMilliseconds:0} ms");
}
