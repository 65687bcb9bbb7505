using System.CommandLine;

namespace Classroom.Bench;

/// <summary>The load scenarios, one subcommand each; every scenario folder contributes its command here.</summary>
public static class BenchCommands
{
    public static IEnumerable<Command> Scenarios()
    {
        yield break;
    }
}
