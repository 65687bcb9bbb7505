using System.ComponentModel.DataAnnotations;

namespace Classroom.Server.Media;

/// <summary>The media relay's network settings, section <c>Classroom:Media</c>.</summary>
public sealed class MediaOptions
{
    public const string Section = "Classroom:Media";

    public bool Enabled { get; set; } = true;

    /// <summary>Where the one UDP media socket listens.</summary>
    [Required]
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The UDP port for all media (0: any free port, for tests).</summary>
    [Range(0, 65535)]
    public int UdpPort { get; set; } = 40000;

    /// <summary>
    /// The address put into ICE candidates: the school server's address as browsers reach it (a public
    /// address behind NAT). Default: the bind address if it is specific, else the first non-loopback IPv4.
    /// </summary>
    public string? AnnouncedAddress { get; set; }
}
