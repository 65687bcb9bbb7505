using BenchmarkDotNet.Running;

// Micro-benchmarks of the relay's hot paths (BenchmarkDotNet). The load scenarios over emulated
// rural links come with the bench issue. Run: dotnet run -c Release --project bench/Classroom.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
