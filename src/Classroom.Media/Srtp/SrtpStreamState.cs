// RFC 3711 §3.3.1 (packet index determination, ROC and s_l) and Appendix A (estimating the index),
// §3.4 (SRTCP index) and §3.3.2 (replay list). Per-SSRC cryptographic state.
namespace Classroom.Media.Srtp;

/// <summary>Per-SSRC state of one direction: ROC/s_l (as the highest accepted index), replay window, SRTCP send index.</summary>
internal sealed class SrtpStreamState
{
    /// <summary>Largest valid SRTP packet index (48 bits).</summary>
    public const ulong MaxRtpIndex = (1UL << 48) - 1;

    /// <summary>Largest valid SRTCP index (31 bits).</summary>
    public const uint MaxRtcpIndex = 0x7FFF_FFFF;

    private SrtpReplayWindow _window;

    /// <summary>Next SRTCP index to send (RFC 3711 §3.4: starts at zero).</summary>
    public uint NextRtcpIndex { get; set; }

    /// <summary>Rollover counter: upper 32 bits of the highest accepted 48-bit index.</summary>
    public uint RolloverCounter => (uint)(_window.Highest >> 16);

    public bool IsFresh(ulong index) => _window.IsFresh(index);

    public void Accept(ulong index) => _window.Accept(index);

    /// <summary>
    /// Appendix A: guesses the 48-bit index v * 2^16 + SEQ of a packet from its sequence number, given
    /// s_l (highest sequence number) and ROC. False when the guess would precede index 0 or overflow 2^48.
    /// </summary>
    public bool TryEstimateRtpIndex(ushort sequenceNumber, out ulong index)
    {
        index = 0;
        if (!_window.HasHighest)
        {
            index = sequenceNumber;
            return true;
        }

        uint roc = RolloverCounter;
        int highestSequence = (ushort)_window.Highest;
        long guess = roc;
        if (highestSequence < 0x8000)
        {
            if (sequenceNumber - highestSequence > 0x8000)
            {
                guess = (long)roc - 1;
            }
        }
        else if (highestSequence - 0x8000 > sequenceNumber)
        {
            guess = (long)roc + 1;
        }

        if (guess < 0 || guess > uint.MaxValue)
        {
            return false;
        }

        index = ((ulong)guess << 16) | sequenceNumber;
        return true;
    }
}
