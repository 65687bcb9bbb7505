// RFC 3711 §3.3.2 (replay protection): a sliding window of 64 indices below the highest authenticated index.
namespace Classroom.Media.Srtp;

/// <summary>
/// 64-entry replay list over packet indices. Bit <c>n</c> of the bitmap records index <c>Highest - n</c>.
/// Check before authenticating, <see cref="Accept"/> only after the packet authenticated.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    private ulong _bitmap;

    public ulong Highest { readonly get; private set; }

    public bool HasHighest { readonly get; private set; }

    /// <summary>False when <paramref name="index"/> was already received or is older than the window.</summary>
    public readonly bool IsFresh(ulong index)
    {
        if (!HasHighest || index > Highest)
        {
            return true;
        }

        ulong age = Highest - index;
        return age < Size && ((_bitmap >> (int)age) & 1UL) == 0;
    }

    /// <summary>Records <paramref name="index"/> as received, sliding the window forward when it is the newest.</summary>
    public void Accept(ulong index)
    {
        if (!HasHighest)
        {
            HasHighest = true;
            Highest = index;
            _bitmap = 1UL;
            return;
        }

        if (index > Highest)
        {
            ulong advance = index - Highest;
            _bitmap = advance >= Size ? 1UL : (_bitmap << (int)advance) | 1UL;
            Highest = index;
            return;
        }

        ulong age = Highest - index;
        if (age < Size)
        {
            _bitmap |= 1UL << (int)age;
        }
    }
}
