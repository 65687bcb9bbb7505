using System.Globalization;

namespace Classroom.Testing.Api;

/// <summary>What <see cref="School"/> sets up: a cabinet, a class with its roster, one lesson, and display links.</summary>
public sealed record LessonPlan
{
    /// <summary>How many students the class has: by default as many as <see cref="Names"/>, or 3.</summary>
    public int? Students { get; init; }

    /// <summary>The roster, in order (the first <see cref="Students"/> are taken); beyond it "Ученик 01", "Ученик 02", ….</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>When the lesson starts; null: now.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    public int DurationMinutes { get; init; } = 45;

    /// <summary>How early the entry opens; null: the server's default.</summary>
    public int? EntryOpensMinutesBefore { get; init; } = 10;

    /// <summary>The lesson's title; null: the server's default.</summary>
    public string? Title { get; init; } = "Законы Ньютона";
    public string CabinetName { get; init; } = "Кабинет 12";
    public string Subject { get; init; } = "Физика";
    public string ClassName { get; init; } = "9А";

    /// <summary>Branch screens to let in: display links made for them, each for at most <see cref="School.MaxScreensPerLink"/> screens.</summary>
    public int Displays { get; init; }

    /// <summary>The roster as the class's paste box takes it: one name a line.</summary>
    public string Roster() => string.Join('\n', Enumerable.Range(0, Students ?? Names?.Count ?? 3).Select(i =>
        Names is { } names && i < names.Count ? names[i] : $"Ученик {(i + 1).ToString("00", CultureInfo.InvariantCulture)}"));
}
