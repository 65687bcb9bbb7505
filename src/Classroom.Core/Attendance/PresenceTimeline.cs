namespace Classroom.Core.Attendance;

/// <summary>A stretch of time on the timeline, from one instant to another.</summary>
public sealed record Stretch(DateTimeOffset From, DateTimeOffset To);

/// <summary>One student's lesson on the timeline: when present, when waiting in the lobby, when a hand went up.</summary>
public sealed record PresenceRow(string ParticipantId, string Name, IReadOnlyList<Stretch> Present, IReadOnlyList<Stretch> Lobby, IReadOnlyList<DateTimeOffset> Hands);

/// <summary>
/// Who was in a lesson when, from the same marks as the attendance report. A reconnect (a leave and
/// a join at the same instant) draws as one unbroken stretch; someone still present or waiting is
/// drawn up to <c>until</c> (the lesson's end, or now). Marks must come in recorded order.
/// </summary>
public static class PresenceTimeline
{
    public static IReadOnlyList<PresenceRow> Build(IEnumerable<RosterEntry> roster, IEnumerable<AttendanceMark> marks, DateTimeOffset until)
    {
        var byParticipant = marks.GroupBy(m => m.ParticipantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.At).ToList(), StringComparer.Ordinal);
        var rows = new List<PresenceRow>();
        foreach (var student in roster)
        {
            var list = byParticipant.GetValueOrDefault(student.ParticipantId) ?? [];
            var present = new StretchBuilder(until);
            var lobby = new StretchBuilder(until);
            var hands = new List<DateTimeOffset>();
            foreach (var mark in list)
            {
                switch (mark.Kind)
                {
                    case AttendanceKind.Joined: present.Open(mark.At); break;
                    case AttendanceKind.Left: present.Close(mark.At); break;
                    case AttendanceKind.LobbyEntered: lobby.Open(mark.At); break;
                    case AttendanceKind.LobbyLeft: lobby.Close(mark.At); break;
                    case AttendanceKind.HandRaised: if (mark.At <= until) hands.Add(mark.At); break;
                }
            }
            rows.Add(new PresenceRow(student.ParticipantId, student.Name, present.Done(), lobby.Done(), hands));
        }
        return rows;
    }

    /// <summary>Open/close pairs into stretches, clamped to <c>until</c>, touching stretches joined.</summary>
    private sealed class StretchBuilder(DateTimeOffset until)
    {
        private readonly List<Stretch> _done = [];
        private DateTimeOffset? _since;

        public void Open(DateTimeOffset at) => _since ??= at;

        public void Close(DateTimeOffset at)
        {
            if (_since is not { } since) return;
            _since = null;
            Add(since, at < until ? at : until);
        }

        public List<Stretch> Done()
        {
            if (_since is { } since) Add(since, until);
            _since = null;
            return _done;
        }

        private void Add(DateTimeOffset from, DateTimeOffset to)
        {
            if (to <= from) return;
            if (_done.Count > 0 && _done[^1].To >= from)
            {
                var last = _done[^1];
                _done[^1] = last with { To = to > last.To ? to : last.To };
                return;
            }
            _done.Add(new Stretch(from, to));
        }
    }
}
