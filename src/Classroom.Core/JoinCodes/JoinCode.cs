using System.Security.Cryptography;

namespace Classroom.Core.JoinCodes;

/// <summary>
/// A student's personal code: 10 symbols from a 31-letter alphabet without 0/O, 1/I/L (49.5 bits),
/// so it can be read aloud over the phone, sent by SMS or printed. Shown in groups: <c>K7M2-PQ9R-XT</c>.
/// Input is forgiving: case, spaces and dashes are ignored.
/// </summary>
public static class JoinCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    internal static readonly System.Buffers.SearchValues<char> AlphabetValues = System.Buffers.SearchValues.Create(Alphabet);
    public const int Length = 10;

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Canonical form (no separators, upper case) of what a person typed, or false.</summary>
    public static bool TryNormalize(string? input, out string code)
    {
        code = string.Empty;
        if (string.IsNullOrEmpty(input) || input.Length > 32) return false;
        Span<char> buffer = stackalloc char[Length];
        var n = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ') continue;
            var c = char.ToUpperInvariant(raw);
            if (n == Length || !AlphabetValues.Contains(c)) return false;
            buffer[n++] = c;
        }
        if (n != Length) return false;
        code = new string(buffer);
        return true;
    }

    /// <summary>The grouped form for print and speech.</summary>
    public static string Display(string code) =>
        code.Length == Length ? $"{code[..4]}-{code[4..8]}-{code[8..]}" : code;
}
