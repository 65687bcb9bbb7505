namespace Classroom.Media.Sfu;

/// <summary>What a track carries, as grants name it: a microphone, a camera, or a shared screen.</summary>
public enum MediaKind
{
    Audio = 0,
    Video = 1,
    Screen = 2,
}
