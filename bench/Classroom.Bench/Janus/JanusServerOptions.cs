using System.Net;

namespace Classroom.Bench.Janus;

/// <summary>How the bench runs its Janus instance. Defaults: HTTP on 127.0.0.1, media on this host's own IPv4 address.</summary>
public sealed record JanusServerOptions
{
    /// <summary>The janus binary (Debian package <c>janus</c>).</summary>
    public string Executable { get; init; } = "/usr/bin/janus";

    /// <summary>The packaged configuration, read for the plugin/transport folders only.</summary>
    public string SystemConfigFolder { get; init; } = "/etc/janus";

    /// <summary>Where the HTTP transport listens (the port is a free one chosen at start).</summary>
    public IPAddress HttpAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// <c>ice_enforce_list</c>: an interface name or an address (prefix) Janus gathers candidates on.
    /// Null: the first IPv4 address of an up, non-loopback interface. Janus never gathers on a
    /// loopback interface (its ICE setup skips IFF_LOOPBACK), so "lo" cannot work. Peers bind to the
    /// same address (<see cref="JanusServer.PeerAddress"/>): datagrams between two addresses of this
    /// host go over the loopback device, never the wire.
    /// </summary>
    public string? IceEnforce { get; init; }

    /// <summary>First port of Janus's RTP/ICE range; 0 picks a random block of <see cref="RtpPortCount"/> in 20000–29999.</summary>
    public int RtpPortMin { get; init; }

    public int RtpPortCount { get; init; } = 1000;

    /// <summary>Janus log level 0–7; 3 (warnings) keeps logging out of the CPU figures.</summary>
    public int DebugLevel { get; init; } = 3;

    public int SessionTimeoutSeconds { get; init; } = 60;

    /// <summary>How long Janus may take to answer <c>GET /janus/info</c> with the VideoRoom plugin loaded.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long Janus may take to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
