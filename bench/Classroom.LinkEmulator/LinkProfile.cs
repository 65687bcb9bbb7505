namespace Classroom.LinkEmulator;

/// <summary>
/// A named link: <paramref name="Downlink"/> is server→client (toward the pupil), <paramref name="Uplink"/>
/// is client→server. The named ones live in <see cref="LinkProfiles"/>.
/// </summary>
public sealed record LinkProfile(string Name, LinkDirection Downlink, LinkDirection Uplink, string Description = "")
{
    /// <summary>The same settings both ways.</summary>
    public static LinkProfile Symmetric(string name, LinkDirection both, string description = "") =>
        new(name, both, both, description);

    public bool IsUnshaped => Downlink.IsUnshaped && Uplink.IsUnshaped;

    public override string ToString() => Description.Length == 0 ? Name : $"{Name} ({Description})";
}
