using System.CommandLine;
using Classroom.Bench.Micro;
using Classroom.Bench.Scenarios.District;
using Classroom.Bench.Scenarios.Forwarding;
using Classroom.Bench.Scenarios.Lesson;
using Classroom.Bench.Scenarios.OpenLesson;
using Classroom.Bench.Scenarios.PageLoad;

namespace Classroom.Bench;

/// <summary>The load scenarios, one subcommand each; every scenario folder contributes its command here.</summary>
public static class BenchCommands
{
    public static IEnumerable<Command> Scenarios()
    {
        yield return DistrictCommand.Create();
        yield return LessonCommand.Create();
        yield return OpenLessonCommand.Create();
        yield return ForwardingCommand.Create();
        yield return ForwardingCommand.BareForwarderProcess();
        yield return ReceiverCost.Create();
        yield return PageLoadCommand.Create();
        yield return GsoCommand.Create();
    }
}
