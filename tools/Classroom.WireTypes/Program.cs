namespace Classroom.WireTypes;

/// <summary>
/// <c>dotnet run --project tools/Classroom.WireTypes [-- [--check] [output path]]</c>: regenerates the
/// client's wire types; with <c>--check</c> it only says whether the committed file is current.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var check = args.Contains("--check");
        var path = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? WireTypesFile.DefaultPath();
        var text = TypeScriptContracts.Generate();
        if (check)
        {
            var current = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
            if (current == text) return 0;
            await Console.Error.WriteLineAsync($"{path} is out of date: run `dotnet run --project tools/Classroom.WireTypes` and commit it.");
            return 1;
        }
        await File.WriteAllTextAsync(path, text);
        Console.WriteLine($"wrote {path}");
        return 0;
    }
}
