namespace Classroom.Media.Rooms;

internal sealed partial class Session
{
    /// <summary>What the host asked this page to receive (changed under <see cref="Gate"/>).</summary>
    public ReceivePreferences Preferences { get; set; } = ReceivePreferences.Unlimited;

    /// <summary>The allocator found the link too weak even for one video: audio only, whatever was chosen, until it recovers.</summary>
    public bool LinkCollapsed { get; set; }

    /// <summary>The relay's own watch on this page's downlink estimate (relay tick only).</summary>
    public Sfu.Congestion.LinkCollapse CollapseWatch { get; } = new();

    /// <summary>The forwarded and paused track ids last reported to the host (null: never reported).</summary>
    public (string Forwarded, string Paused, bool Forced)? Reported { get; set; }
}
