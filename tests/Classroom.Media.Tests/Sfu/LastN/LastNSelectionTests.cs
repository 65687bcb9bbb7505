using Classroom.Media.Sfu;

namespace Classroom.Media.Tests.Sfu.LastN;

public sealed class LastNSelectionTests
{
    private static readonly RtpCodec Vp8 = new("VP8", 90000, 1, 96, null, ["nack", "nack pli"]);
    private static readonly string[] Students = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"];

    private static Producer Video(string participant, MediaKind kind = MediaKind.Video) =>
        new(participant, $"{participant}-{kind}", kind, "0", Vp8, null!, 1);

    private static MediaGrants Everyone(params string[] except) =>
        new(Students.Append("teacher").Select(s => KeyValuePair.Create(s, except.Contains(s) ? MediaGrant.Audio : MediaGrant.Audio | MediaGrant.Video | MediaGrant.Screen)));

    private static readonly IReadOnlySet<string> Teacher = new HashSet<string> { "teacher" };

    [Fact]
    public void The_screen_the_teacher_and_the_speaker_come_first_then_earlier_speakers()
    {
        var cameras = Students.Select(s => Video(s)).ToList();
        var teacher = Video("teacher");
        var screen = Video("s4", MediaKind.Screen);
        List<Producer> all = [.. cameras, teacher, screen];

        var three = LastNSelection.Select(all, 3, Teacher, ["s7", "s2"], Everyone());
        var four = LastNSelection.Select(all, 4, Teacher, ["s7", "s2"], Everyone());

        Assert.Equal(new[] { screen, teacher, cameras[7] }.ToHashSet(), three);
        Assert.Equal(new[] { screen, teacher, cameras[7], cameras[2] }.ToHashSet(), four);
    }

    [Fact]
    public void Free_slots_go_to_the_rest_in_section_order_and_cameras_that_are_off_take_none()
    {
        var cameras = Students.Select(s => Video(s)).ToList();

        var chosen = LastNSelection.Select(cameras, 3, Teacher, ["s5"], Everyone(except: ["s0"]));

        Assert.Equal(new[] { cameras[5], cameras[1], cameras[2] }.ToHashSet(), chosen);
    }

    [Fact]
    public void No_limit_keeps_everything_and_zero_keeps_nothing()
    {
        var cameras = Students.Select(s => Video(s)).ToList();

        Assert.Equal(10, LastNSelection.Select(cameras, null, Teacher, [], Everyone(except: ["s0"])).Count);
        Assert.Empty(LastNSelection.Select(cameras, 0, Teacher, ["s1"], Everyone()));
    }
}
