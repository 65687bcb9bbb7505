namespace Classroom.Media.Sfu;

// Who is speaking now, from per-window loudness (SpeechMeter), with hysteresis so a cough or two
// people answering at once does not make the students' last-N videos flap: the current speaker is
// replaced only by someone clearly louder (SwitchRatio times) for at least SwitchAfter, windows in a
// row. Jitsi's dominant speaker identification (Volfin and Cohen's three time scales) does more; a
// classroom, where one person speaks at a time and the teacher gives the floor, needs less.

/// <summary>The room's current speaker and the speakers before, decided once per window off the packet path. Not thread-safe.</summary>
public sealed class DominantSpeaker(TimeSpan switchAfter)
{
    /// <summary>How much louder (per second) a challenger must be than the current speaker.</summary>
    public const double SwitchRatio = 1.5;

    /// <summary>Loudness per second below which nobody counts as speaking (a few voiced packets at a low level).</summary>
    public const double MinimumPerSecond = 200;

    /// <summary>Earlier speakers remembered (most recent first), to fill last-N slots.</summary>
    public const int History = 16;

    private readonly List<string> _recent = [];
    private string? _current;
    private string? _challenger;
    private TimeSpan _challengerSince;

    public TimeSpan SwitchAfter { get; } = switchAfter;

    /// <summary>Who speaks now (null: nobody has yet).</summary>
    public string? Current => _current;

    /// <summary>The current speaker first (if any), then earlier ones, most recent first.</summary>
    public IReadOnlyList<string> Recent => _recent;

    /// <summary>
    /// Takes one window's loudness per participant (ending at <paramref name="now"/>, <paramref name="window"/>
    /// long). Returns true when the current speaker changed.
    /// </summary>
    public bool Update(TimeSpan now, TimeSpan window, IReadOnlyList<(string ParticipantId, long Loudness)> loudness)
    {
        if (window <= TimeSpan.Zero) return false;
        var seconds = window.TotalSeconds;
        string? loudest = null;
        double loudestScore = 0, currentScore = 0;
        foreach (var (id, value) in loudness)
        {
            var score = value / seconds;
            if (id == Current) currentScore = score;
            if (score > loudestScore)
            {
                loudest = id;
                loudestScore = score;
            }
        }
        if (loudest is null || loudestScore < MinimumPerSecond || loudest == Current)
        {
            _challenger = null;
            return false;
        }
        if (Current is null)
        {
            Promote(loudest);
            return true;
        }
        if (loudestScore < currentScore * SwitchRatio)
        {
            _challenger = null;
            return false;
        }
        if (_challenger != loudest)
        {
            _challenger = loudest;
            _challengerSince = now - window;
        }
        if (now - _challengerSince < SwitchAfter) return false;
        Promote(loudest);
        return true;
    }

    /// <summary>
    /// A participant's audio ended (they left): they are no longer a speaker to show. If they were the
    /// current one, nobody is until the next voice, which then takes over at once.
    /// </summary>
    public bool Forget(string participantId)
    {
        if (_challenger == participantId) _challenger = null;
        _recent.Remove(participantId);
        if (_current != participantId) return false;
        _current = null;
        return true;
    }

    private void Promote(string participantId)
    {
        _challenger = null;
        _current = participantId;
        _recent.Remove(participantId);
        _recent.Insert(0, participantId);
        if (_recent.Count > History) _recent.RemoveAt(_recent.Count - 1);
    }
}
