using Classroom.Core.Errors;
using Classroom.Core.Participants;

namespace Classroom.Core.Reception;

/// <summary>
/// The rule joining a participant's own receive choice with the teacher's class default.
/// <para>
/// The class default is a ceiling for students: a student may choose less (audio only on prepaid
/// data while the class is on "auto"), never more. A teacher sets "low" or "audio only" for the class
/// when the students share one thin line (a branch building's ADSL, one school router): one student
/// choosing "auto" there would take the bandwidth the others need to hear the lesson, so the choice is
/// the teacher's to make. Staff, observers and display screens are not bound by it: the teacher must
/// see the class, and a branch building's screen is what the open lesson is streamed to.
/// </para>
/// </summary>
public static class ReceiveChoices
{
    /// <summary>Wire names (hub arguments and events).</summary>
    public const string AutoName = "auto";
    public const string LowName = "low";
    public const string AudioOnlyName = "audioOnly";

    /// <summary>What the page receives: the more restrictive of its own choice and, for students, the class default.</summary>
    public static ReceiveMode Effective(ReceiveMode own, ReceiveMode classDefault, Role role) =>
        role == Role.Student && classDefault > own ? classDefault : own;

    /// <summary>The mode a wire name stands for; anything else is refused with <see cref="ErrorCodes.ReceiveModeUnknown"/>.</summary>
    public static ReceiveMode Parse(string? name) => name switch
    {
        AutoName => ReceiveMode.Auto,
        LowName => ReceiveMode.Low,
        AudioOnlyName => ReceiveMode.AudioOnly,
        _ => throw new ClassroomException(ErrorCodes.ReceiveModeUnknown, "Receive mode must be \"auto\", \"low\" or \"audioOnly\"."),
    };

    public static string NameOf(ReceiveMode mode) => mode switch
    {
        ReceiveMode.Low => LowName,
        ReceiveMode.AudioOnly => AudioOnlyName,
        _ => AutoName,
    };
}
