using System.ComponentModel.DataAnnotations;
using Classroom.Media.Transport;
using Classroom.Media.Transport.Tcp;

namespace Classroom.Media.Rooms;

/// <summary>The relay's network settings and negotiation limits. The host binds and validates them from its configuration.</summary>
public sealed partial class RelayOptions : IValidatableObject
{
    /// <summary>False: the relay never opens its socket and refuses signalling (<see cref="MediaControlError.Disabled"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the UDP media sockets listen.</summary>
    [Required]
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The first UDP media port: receive loop i listens on UdpPort + i, so the firewall opens
    /// UdpPort … UdpPort + <see cref="LoopCount"/> − 1 (0: any free port per loop, for tests).
    /// </summary>
    [Range(0, 65535)]
    public int UdpPort { get; set; } = 40000;

    /// <summary>
    /// Passive ICE-TCP (RFC 6544) for networks that let only TCP out: every answer and offer gets a TCP
    /// candidate, which browsers use only where UDP fails. False: UDP only.
    /// </summary>
    public bool TcpEnabled { get; set; } = true;

    /// <summary>
    /// The one TCP port of the relay (all receive loops share it): null means the number of
    /// <see cref="UdpPort"/> (40000/tcp beside 40000/udp), 0 any free port (tests).
    /// </summary>
    [Range(0, 65535)]
    public int? TcpPort { get; set; }

    /// <summary>The TCP port the listener binds (0: any free port).</summary>
    public int TcpListenPort => TcpPort ?? UdpPort;

    /// <summary>ICE-TCP connections open at once (bound or not); beyond it new ones are closed at once.</summary>
    [Range(1, 100_000)]
    public int MaxTcpConnections { get; set; } = 1024;

    /// <summary>ICE-TCP connections not yet bound by a valid STUN check, over all addresses.</summary>
    [Range(1, 10_000)]
    public int MaxPendingTcpConnections { get; set; } = 128;

    /// <summary>
    /// Receive loops, each a thread with its own socket and port, each carrying whole rooms (0: one per
    /// core, at most <see cref="MaxAutomaticLoops"/>). A lesson's packets stay on one loop, so one lesson
    /// uses one core at most and a server with several lessons uses them all.
    /// </summary>
    [Range(0, 64)]
    public int ReceiveLoops { get; set; }

    /// <summary>The loop count <see cref="ReceiveLoops"/> = 0 gives on a machine with many cores.</summary>
    public const int MaxAutomaticLoops = 4;

    /// <summary>The receive loops the relay opens.</summary>
    public int LoopCount => ReceiveLoops > 0 ? ReceiveLoops : Math.Clamp(Environment.ProcessorCount, 1, MaxAutomaticLoops);

    /// <summary>
    /// The address put into ICE candidates: the school server's address as browsers reach it (a public
    /// address behind NAT). Default: the bind address if it is specific, else the first non-loopback IPv4.
    /// </summary>
    public string? AnnouncedAddress { get; set; }

    /// <summary>The most the relay asks a publisher to send per video track (REMB), in bit/s.</summary>
    [Range(100_000, 20_000_000)]
    public int MaxVideoBitrate { get; set; } = 1_200_000;

    /// <summary>
    /// The least the relay asks for per video track, however slow the slowest receiver: one student on
    /// a village link must not pull the teacher's picture down for the whole class.
    /// </summary>
    [Range(30_000, 5_000_000)]
    public int MinVideoBitrate { get; set; } = 150_000;

    /// <summary>How often publishers get the relay's receiver report and REMB, and consent is checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Publisher renegotiations (a track added or removed) per session per minute.</summary>
    [Range(1, 1000)]
    public int RenegotiationsPerMinute { get; set; } = 20;

    /// <summary>ICE restarts per session per minute.</summary>
    [Range(1, 100)]
    public int IceRestartsPerMinute { get; set; } = 5;

    /// <summary>How long one DTLS handshake may take; a stalled one then ends (the browser may start another).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>DTLS handshakes running at once on the server, each on a thread of its own.</summary>
    [Range(1, 1000)]
    public int MaxHandshakes { get; set; } = 64;

    /// <summary>Media transports still connecting per participant (all their connections together).</summary>
    [Range(2, 20)]
    public int MaxConnectingPerParticipant { get; set; } = 4;

    /// <summary>Media transports still connecting per lesson.</summary>
    [Range(2, 1000)]
    public int MaxConnectingPerLesson { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UdpPort > 0 && UdpPort + LoopCount - 1 > 65535)
            yield return new ValidationResult($"UdpPort {UdpPort} + {LoopCount} receive loops runs past port 65535.", [nameof(UdpPort), nameof(ReceiveLoops)]);
        if (MaxPendingTcpConnections > MaxTcpConnections)
            yield return new ValidationResult("MaxPendingTcpConnections cannot exceed MaxTcpConnections.", [nameof(MaxPendingTcpConnections), nameof(MaxTcpConnections)]);
    }

    /// <summary>The transport limits the media sockets enforce together.</summary>
    public TransportLimits TransportLimits() => new()
    {
        HandshakeTimeout = HandshakeTimeout,
        MaxHandshakes = MaxHandshakes,
        MaxConnectingPerParticipant = MaxConnectingPerParticipant,
        MaxConnectingPerLesson = MaxConnectingPerLesson,
        Tcp = new TcpLimits { MaxConnections = MaxTcpConnections, MaxPending = MaxPendingTcpConnections },
    };
}
