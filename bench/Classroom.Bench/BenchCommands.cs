using System.CommandLine;
using Classroom.Bench.Scenarios.Forwarding;

namespace Classroom.Bench;

/// <summary>The load scenarios, one subcommand each; every scenario folder contributes its command here.</summary>
public static class BenchCommands
{
    public static IEnumerable<Command> Scenarios()
    {
        yield return ForwardingCommand.Create();
        yield return ForwardingCommand.BareForwarderProcess();
    }
}
