using Classroom.Media.Sfu;

namespace Classroom.Media.Tests.Sfu.LastN;

/// <summary>The dominant speaker on recorded loudness sequences: one window a second, as the relay's tick takes them.</summary>
public sealed class DominantSpeakerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    // Loudness per one-second window as SpeechMeter sums it: 50 packets a second, a voice at about
    // −30 dBov gives 50 × (70 − 30) = 2,000; a quiet answer at −55 dBov 750; room noise 0.
    private const long Voice = 2000;
    private const long Quiet = 750;

    private static List<string?> Run(DominantSpeaker speaker, params (string Id, long Loudness)[][] windows)
    {
        var current = new List<string?>();
        var now = TimeSpan.Zero;
        foreach (var window in windows)
        {
            now += Window;
            speaker.Update(now, Window, window);
            current.Add(speaker.Current);
        }
        return current;
    }

    [Fact]
    public void The_first_voice_becomes_the_speaker_at_once_and_noise_never_does()
    {
        var speaker = new DominantSpeaker(TimeSpan.FromSeconds(1.5));

        var current = Run(speaker,
            [("teacher", 0), ("anna", 100)],
            [("teacher", Voice), ("anna", 100)]);

        Assert.Equal([null, "teacher"], current);
    }

    [Fact]
    public void A_single_loud_window_does_not_take_over_but_two_in_a_row_do()
    {
        var speaker = new DominantSpeaker(TimeSpan.FromSeconds(1.5));

        var current = Run(speaker,
            [("teacher", Voice), ("anna", 0)],
            [("teacher", Quiet), ("anna", Voice)],   // Anna coughs over a pause
            [("teacher", Voice), ("anna", 0)],
            [("teacher", 200), ("anna", Voice)],     // Anna answers ...
            [("teacher", 0), ("anna", Voice)]);      // ... and goes on: 2 s clearly louder

        Assert.Equal(["teacher", "teacher", "teacher", "teacher", "anna"], current);
        Assert.Equal(["anna", "teacher"], speaker.Recent);
    }

    [Fact]
    public void Two_people_at_similar_levels_do_not_make_it_flap()
    {
        var speaker = new DominantSpeaker(TimeSpan.FromSeconds(1.5));
        var windows = new List<(string, long)[]> { new[] { ("teacher", Voice), ("anna", 0L) } };
        // Ten seconds of both talking, each a little louder in turn (within the 1.5× ratio).
        for (var i = 0; i < 10; i++) windows.Add(i % 2 == 0 ? [("teacher", 1500), ("anna", 2000)] : [("teacher", 2000), ("anna", 1600)]);

        var current = Run(speaker, [.. windows]);

        Assert.All(current, c => Assert.Equal("teacher", c));
    }

    [Fact]
    public void A_challenger_interrupted_by_a_window_not_clearly_louder_starts_over()
    {
        var speaker = new DominantSpeaker(TimeSpan.FromSeconds(1.5));

        var current = Run(speaker,
            [("teacher", Voice), ("boris", 0)],
            [("teacher", 100), ("boris", Voice)],
            [("teacher", Voice), ("boris", Voice)],
            [("teacher", 100), ("boris", Voice)],
            [("teacher", 100), ("boris", Voice)]);

        Assert.Equal(["teacher", "teacher", "teacher", "teacher", "boris"], current);
    }

    [Fact]
    public void A_speaker_who_left_is_forgotten_and_the_next_voice_takes_over_at_once()
    {
        var speaker = new DominantSpeaker(TimeSpan.FromSeconds(1.5));
        Run(speaker, [("teacher", Voice)], [("teacher", 0), ("anna", Voice)], [("anna", Voice)]);
        Assert.Equal("anna", speaker.Current);

        Assert.True(speaker.Forget("anna"));
        speaker.Update(TimeSpan.FromSeconds(4), Window, [("boris", Quiet)]);

        Assert.Equal(["boris", "teacher"], speaker.Recent);
    }
}
