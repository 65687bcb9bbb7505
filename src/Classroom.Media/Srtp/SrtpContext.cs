// RFC 3711 §3.2 (cryptographic context), §4.3 (session keys from the master key), §3.3.1/§3.4 (per-SSRC
// index state); RFC 7714 §8-§12 for the AEAD_AES_128_GCM profile. Shared state of SrtpContext; the packet
// transforms live in SrtpContext.Rtp.cs and SrtpContext.Rtcp.cs.
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Classroom.Media.Srtp;

/// <summary>
/// SRTP/SRTCP cryptographic context for one direction (one master key/salt) over a set of SSRCs.
/// The packet methods never throw and do not allocate once an SSRC has been seen; per-SSRC state is
/// created on the first packet of that SSRC (after authentication when unprotecting). Not thread-safe.
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Maximum number of SSRCs tracked per packet type; further SSRCs are refused.</summary>
    public const int MaxStreams = 256;

    private const int HmacSha1Length = 20;

    private readonly SrtpProfile _profile;
    private readonly int _tagLength;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly AesCounterMode? _rtpCipher;
    private readonly AesCounterMode? _rtcpCipher;
    private readonly IncrementalHash? _rtpAuth;
    private readonly IncrementalHash? _rtcpAuth;
    private readonly AesGcm? _rtpGcm;
    private readonly AesGcm? _rtcpGcm;
    private readonly GcmOpener? _rtpOpener;
    private readonly GcmOpener? _rtcpOpener;
    private readonly byte[] _mac = new byte[HmacSha1Length];
    private readonly Dictionary<uint, SrtpStreamState> _rtpStreams = [];
    private readonly Dictionary<uint, SrtpStreamState> _rtcpStreams = [];
    private bool _disposed;

    /// <summary>Derives the SRTP and SRTCP session keys (RFC 3711 §4.3, key derivation rate 0).</summary>
    /// <exception cref="ArgumentException">Key or salt length does not match the profile.</exception>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        int keyLength = profile.KeyLength();
        int saltLength = profile.SaltLength();
        if (masterKey.Length != keyLength)
        {
            throw new ArgumentException($"Master key must be {keyLength} bytes for {profile}.", nameof(masterKey));
        }

        if (masterSalt.Length != saltLength)
        {
            throw new ArgumentException($"Master salt must be {saltLength} bytes for {profile}.", nameof(masterSalt));
        }

        _profile = profile;
        _tagLength = profile.TagLength();
        _rtpSalt = new byte[saltLength];
        _rtcpSalt = new byte[saltLength];
        byte[] rtpKey = new byte[keyLength];
        byte[] rtcpKey = new byte[keyLength];
        byte[] rtpAuthKey = new byte[profile.AuthKeyLength()];
        byte[] rtcpAuthKey = new byte[profile.AuthKeyLength()];
        try
        {
            using (var prf = new AesCounterMode(masterKey))
            {
                SrtpKeyDerivation.DeriveSessionKey(prf, masterSalt, SrtpKeyDerivation.SrtpEncryptionLabel, rtpKey);
                SrtpKeyDerivation.DeriveSessionKey(prf, masterSalt, SrtpKeyDerivation.SrtpAuthenticationLabel, rtpAuthKey);
                SrtpKeyDerivation.DeriveSessionKey(prf, masterSalt, SrtpKeyDerivation.SrtpSaltLabel, _rtpSalt);
                SrtpKeyDerivation.DeriveSessionKey(prf, masterSalt, SrtpKeyDerivation.SrtcpEncryptionLabel, rtcpKey);
                SrtpKeyDerivation.DeriveSessionKey(prf, masterSalt, SrtpKeyDerivation.SrtcpAuthenticationLabel, rtcpAuthKey);
                SrtpKeyDerivation.DeriveSessionKey(prf, masterSalt, SrtpKeyDerivation.SrtcpSaltLabel, _rtcpSalt);
            }

            if (profile.IsAead())
            {
                _rtpGcm = new AesGcm(rtpKey, _tagLength);
                _rtcpGcm = new AesGcm(rtcpKey, _tagLength);
                _rtpOpener = new GcmOpener(rtpKey);
                _rtcpOpener = new GcmOpener(rtcpKey);
            }
            else
            {
                _rtpCipher = new AesCounterMode(rtpKey);
                _rtcpCipher = new AesCounterMode(rtcpKey);
#pragma warning disable CA5350 // HMAC-SHA1 is mandated by RFC 3711 §4.2.1 for this profile.
                _rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtpAuthKey);
                _rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, rtcpAuthKey);
#pragma warning restore CA5350
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rtpKey);
            CryptographicOperations.ZeroMemory(rtcpKey);
            CryptographicOperations.ZeroMemory(rtpAuthKey);
            CryptographicOperations.ZeroMemory(rtcpAuthKey);
        }
    }

    /// <summary>The protection profile of this context.</summary>
    public SrtpProfile Profile => _profile;

    /// <summary>Bytes <see cref="TryProtect"/> appends to an RTP packet (the authentication tag).</summary>
    public int RtpOverhead => _tagLength;

    /// <summary>Bytes <see cref="TryProtectRtcp"/> appends to an RTCP packet (E-flag/SRTCP index and tag).</summary>
    public int RtcpOverhead => _tagLength + 4;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rtpCipher?.Dispose();
        _rtcpCipher?.Dispose();
        _rtpAuth?.Dispose();
        _rtcpAuth?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
        _rtpOpener?.Dispose();
        _rtcpOpener?.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>
    /// RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), for SRTP (i = 48-bit index)
    /// and SRTCP (i = 31-bit SRTCP index).
    /// </summary>
    private static void BuildCounterIv(ReadOnlySpan<byte> sessionSalt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(4, 4), ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(iv.Slice(8, 2), (ushort)(index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(10, 4), (uint)index);
        for (int i = 0; i < sessionSalt.Length; i++)
        {
            iv[i] ^= sessionSalt[i];
        }
    }

    /// <summary>
    /// RFC 7714 §8.1 (SRTP: 0x0000 || SSRC || ROC || SEQ) and §9.1 (SRTCP: 0x0000 || SSRC || 0x0000 || 0 || index):
    /// both are 0x0000 || SSRC || 48-bit index, XORed with the 96-bit session salt.
    /// </summary>
    private static void BuildGcmNonce(ReadOnlySpan<byte> sessionSalt, uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2, 4), ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce.Slice(6, 2), (ushort)(index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(8, 4), (uint)index);
        for (int i = 0; i < sessionSalt.Length; i++)
        {
            nonce[i] ^= sessionSalt[i];
        }
    }

    /// <summary>HMAC-SHA1 over <paramref name="data"/> || <paramref name="suffix"/> into the scratch MAC buffer.</summary>
    private ReadOnlySpan<byte> ComputeMac(IncrementalHash mac, ReadOnlySpan<byte> data, ReadOnlySpan<byte> suffix)
    {
        mac.AppendData(data);
        if (!suffix.IsEmpty)
        {
            mac.AppendData(suffix);
        }

        mac.GetHashAndReset(_mac);
        return _mac.AsSpan(0, _tagLength);
    }

    /// <summary>
    /// Forgets an SSRC's state in both directions (a stream that ended), so a long session that
    /// sees many streams come and go stays under <see cref="MaxStreams"/>.
    /// </summary>
    public void RemoveStream(uint ssrc)
    {
        _rtpStreams.Remove(ssrc);
        _rtcpStreams.Remove(ssrc);
    }

    private static SrtpStreamState? GetOrAddStream(Dictionary<uint, SrtpStreamState> streams, uint ssrc)
    {
        if (streams.TryGetValue(ssrc, out SrtpStreamState? state))
        {
            return state;
        }

        if (streams.Count >= MaxStreams)
        {
            return null;
        }

        state = new SrtpStreamState();
        streams.Add(ssrc, state);
        return state;
    }
}
