// The fuzz host: `Classroom.Media.Fuzz <target>` runs one target under libFuzzer (through
// Driver/libfuzzer-sharpfuzz.c; scripts/fuzz.sh wires it); `Classroom.Media.Fuzz <target> <file or
// folder>...` runs those inputs once each and prints any that fails (base64, to add to the corpus);
// `Classroom.Media.Fuzz seed <dir>` writes the seed inputs that scripts/fuzz.sh minimizes into Corpus/.
using Classroom.Media.Fuzz.Seeds;
using Classroom.Media.Fuzz.Targets;
using SharpFuzz;

if (args.Length == 2 && args[0] == "seed")
{
    SeedWriter.WriteAll(args[1]);
    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine("usage: Classroom.Media.Fuzz <target> [input files or folders] | seed <dir>");
    Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}

if (args.Length > 1) return Replay.Run(target, args[1..]) ? 0 : 1;
Fuzzer.LibFuzzer.Run(input => target.Run(input));
return 0;
