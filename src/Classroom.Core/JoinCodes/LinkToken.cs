using System.Security.Cryptography;

namespace Classroom.Core.JoinCodes;

/// <summary>
/// A per-lesson link for observers, co-teachers and display screens. Nobody reads these aloud, so
/// they are longer (24 symbols, ~119 bits) and never confused with a student's code.
/// </summary>
public static class LinkToken
{
    public const int Length = 24;

    public static string NewToken() => RandomNumberGenerator.GetString(JoinCode.Alphabet, Length);

    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.AsSpan().IndexOfAnyExcept(JoinCode.AlphabetValues) < 0;
}
