namespace Classroom.Core.Participants;

/// <summary>
/// Who is asking to be in a lesson, as established by the host (login, personal code or link).
/// <see cref="Id"/> is stable across reconnects for teachers and students, so a rejoin restores
/// the same participant instead of adding another.
/// </summary>
public sealed record ParticipantIdentity(string Id, Role Role, string DisplayName, Guid? StudentId)
{
    /// <summary>For guests: the link they came in by and its cap (a guest is a new identity on every join).</summary>
    public Guests.GuestPass? Pass { get; init; }

    public static ParticipantIdentity ForStudent(Guid studentId, string name) => new($"s-{studentId:N}", Role.Student, name, studentId);
    public static ParticipantIdentity ForStaff(string userId, Role role, string name) => new($"t-{userId}", role, name, null);
    public static ParticipantIdentity ForGuest(Guid guestId, Role role, string name, Guests.GuestPass? pass = null) =>
        new($"g-{guestId:N}", role, name, null) { Pass = pass };
}
