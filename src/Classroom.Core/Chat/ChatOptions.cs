using System.ComponentModel.DataAnnotations;

namespace Classroom.Core.Chat;

public sealed class ChatOptions
{
    [Range(1, 10_000)]
    public int MaxMessageLength { get; set; } = 1000;

    /// <summary>Messages a student may send per <see cref="RateWindow"/>.</summary>
    [Range(1, 1000)]
    public int StudentMessagesPerWindow { get; set; } = 5;

    [Range(1, 10_000)]
    public int StaffMessagesPerWindow { get; set; } = 30;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many recent messages a joining participant gets in the snapshot.</summary>
    [Range(1, 10_000)]
    public int SnapshotHistory { get; set; } = 200;
}
