using System.ComponentModel.DataAnnotations;

namespace Classroom.Media.Rooms;

public sealed partial class RelayOptions
{
    /// <summary>
    /// Videos a student's page receives at most (last-N): the screen share, the teacher's camera, the
    /// current speaker, then earlier speakers. Staff are not limited (they see every camera as a thumbnail).
    /// </summary>
    [Range(0, 30)]
    public int LastN { get; set; } = 3;

    /// <summary>How long someone must be clearly louder than the current speaker before their video replaces theirs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:10")]
    public TimeSpan SpeakerSwitchAfter { get; set; } = TimeSpan.FromSeconds(1.5);
}
