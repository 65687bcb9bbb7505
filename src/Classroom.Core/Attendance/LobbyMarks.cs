using Classroom.Core.Moderation;
using Classroom.Core.Participants;

namespace Classroom.Core.Attendance;

/// <summary>
/// Turns each new lobby list of a lesson into lobby marks for attendance (who came in, who left), so
/// the lesson's timeline can draw waiting apart from presence. One per live lesson, used under its
/// lock (not thread-safe).
/// </summary>
public sealed class LobbyMarks
{
    private Dictionary<string, Role> _recorded = new(StringComparer.Ordinal);

    public IReadOnlyList<(string ParticipantId, Role Role, AttendanceKind Kind)> Update(IReadOnlyList<LobbyEntry> lobby)
    {
        var now = lobby.GroupBy(e => e.Identity.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Identity.Role, StringComparer.Ordinal);
        var marks = new List<(string, Role, AttendanceKind)>();
        foreach (var (id, role) in _recorded)
        {
            if (!now.ContainsKey(id)) marks.Add((id, role, AttendanceKind.LobbyLeft));
        }
        foreach (var (id, role) in now)
        {
            if (!_recorded.ContainsKey(id)) marks.Add((id, role, AttendanceKind.LobbyEntered));
        }
        _recorded = now;
        return marks;
    }
}
