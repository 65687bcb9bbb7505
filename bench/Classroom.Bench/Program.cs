using System.CommandLine;
using BenchmarkDotNet.Running;
using Classroom.Bench;

// The bench: load scenarios over emulated rural links (each a subcommand, see BenchCommands) and the
// BenchmarkDotNet micro-benchmarks of the relay's hot paths ("micro", the rest of the line goes to
// BenchmarkDotNet): dotnet run -c Release --project bench/Classroom.Bench -- micro --filter '*'
var root = new RootCommand("Classroom bench: load scenarios over emulated links, and micro-benchmarks.");
var micro = new Command("micro", "BenchmarkDotNet micro-benchmarks; the remaining arguments go to BenchmarkDotNet.")
{
    TreatUnmatchedTokensAsErrors = false,
};
micro.SetAction(parse =>
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchCommands).Assembly).Run([.. parse.UnmatchedTokens]);
    return 0;
});
root.Subcommands.Add(micro);
foreach (var command in BenchCommands.Scenarios()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
