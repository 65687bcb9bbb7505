namespace Classroom.WireTypes;

/// <summary>Where the generated TypeScript lives in the repository.</summary>
public static class WireTypesFile
{
    public const string RelativePath = "web-client/src/wire/contracts.ts";

    /// <summary>The file in the repository that holds <paramref name="start"/> (the current directory by default).</summary>
    public static string DefaultPath(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory());
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Classroom.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"Classroom.slnx not found above {start ?? Directory.GetCurrentDirectory()}");
        return Path.Combine(dir.FullName, RelativePath);
    }
}
