namespace Classroom.Media.Fuzz.Targets;

/// <summary>Runs committed or found inputs through a target once each, outside libFuzzer.</summary>
public static class Replay
{
    /// <summary>The files of a corpus folder (or the file itself), in a stable order.</summary>
    public static IEnumerable<string> Inputs(string path) =>
        Directory.Exists(path) ? Directory.GetFiles(path).Order(StringComparer.Ordinal) : [path];

    /// <summary>The exception an input raises, or null when the target took it.</summary>
    public static Exception? Failure(FuzzTarget target, byte[] input)
    {
        try
        {
            target.Run(input);
            return null;
        }
#pragma warning disable CA1031 // any exception is the finding being reported
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    public static bool Run(FuzzTarget target, IEnumerable<string> paths)
    {
        var ok = true;
        foreach (var file in paths.SelectMany(Inputs))
        {
            var input = File.ReadAllBytes(file);
            if (Failure(target, input) is not { } failure) continue;
            ok = false;
            Console.Error.WriteLine($"{target.Name}: {file} fails: {failure}");
            Console.Error.WriteLine($"input (base64): {Convert.ToBase64String(input)}");
        }

        return ok;
    }
}
