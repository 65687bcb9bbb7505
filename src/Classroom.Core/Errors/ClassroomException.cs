namespace Classroom.Core.Errors;

/// <summary>
/// A refused control-plane request. The code is stable and machine-readable; the host maps it to a
/// hub error or an HTTP problem. Thrown only before any state changed, so a refusal never leaves
/// half-applied changes behind.
/// </summary>
public sealed class ClassroomException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
