// RFC 3711 §3.4 (SRTCP packet format: E-flag || 31-bit SRTCP index, then the tag; the first 8 bytes stay
// in the clear), §4.1.1 (AES-CM with the SRTCP index as i), §4.2.1 (HMAC-SHA1 without ROC).
// RFC 7714 §9 (AES-GCM for SRTCP: AAD = first 8 bytes || E||index, tag follows the ciphertext, then E||index).
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Classroom.Media.Srtp;

public sealed partial class SrtpContext
{
    private const uint EncryptedFlag = 0x8000_0000;
    private const int RtcpIndexLength = 4;

    /// <summary>
    /// Encrypts and authenticates the compound RTCP packet in <c>buffer[..length]</c> in place, appending
    /// E||SRTCP index and the tag. <paramref name="buffer"/> must have room for <see cref="RtcpOverhead"/> bytes.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (_disposed || length < 0 || length > buffer.Length - RtcpOverhead)
        {
            return false;
        }

        Span<byte> packet = buffer[..length];
        if (!RtpHeader.IsRtcp(packet))
        {
            return false;
        }

        uint ssrc = RtpHeader.RtcpSsrc(packet);
        SrtpStreamState? stream = GetOrAddStream(_rtcpStreams, ssrc);
        if (stream is null || stream.NextRtcpIndex > SrtpStreamState.MaxRtcpIndex)
        {
            return false;
        }

        uint index = stream.NextRtcpIndex;
        Span<byte> payload = packet[RtpHeader.RtcpFixedLength..];
        if (_rtcpGcm is not null)
        {
            Span<byte> tag = buffer.Slice(length, _tagLength);
            Span<byte> trailer = buffer.Slice(length + _tagLength, RtcpIndexLength);
            BinaryPrimitives.WriteUInt32BigEndian(trailer, EncryptedFlag | index);
            Span<byte> nonce = stackalloc byte[12];
            BuildGcmNonce(_rtcpSalt, ssrc, index, nonce);
            Span<byte> aad = stackalloc byte[RtpHeader.RtcpFixedLength + RtcpIndexLength];
            packet[..RtpHeader.RtcpFixedLength].CopyTo(aad);
            trailer.CopyTo(aad[RtpHeader.RtcpFixedLength..]);
            _rtcpGcm.Encrypt(nonce, payload, payload, tag, aad);
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            BuildCounterIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher!.Transform(iv, payload);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length, RtcpIndexLength), EncryptedFlag | index);
            int authenticatedLength = length + RtcpIndexLength;
            ComputeMac(_rtcpAuth!, buffer[..authenticatedLength], default).CopyTo(buffer.Slice(authenticatedLength, _tagLength));
        }

        stream.NextRtcpIndex = index + 1;
        protectedLength = length + RtcpOverhead;
        return true;
    }

    /// <summary>
    /// Verifies and (when the E-flag is set) decrypts the SRTCP packet in <c>buffer[..length]</c> in place.
    /// Returns false for truncated, malformed, unauthentic or replayed input.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength) =>
        TryUnprotectRtcp(buffer, length, out plainLength, out _);

    /// <summary>As <see cref="TryUnprotectRtcp(Span{byte}, int, out int)"/>, saying why a packet was refused.</summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength, out SrtpRejection rejection)
    {
        plainLength = 0;
        if (_disposed)
        {
            rejection = SrtpRejection.Closed;
            return false;
        }

        rejection = SrtpRejection.Malformed;
        if (length < RtpHeader.RtcpFixedLength + RtcpOverhead || length > buffer.Length)
        {
            return false;
        }

        Span<byte> packet = buffer[..length];
        if (!RtpHeader.IsRtcp(packet))
        {
            return false;
        }

        int plain = length - RtcpOverhead;
        uint trailerValue = _rtcpOpener is not null
            ? BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(length - RtcpIndexLength, RtcpIndexLength))
            : BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(plain, RtcpIndexLength));
        bool encrypted = (trailerValue & EncryptedFlag) != 0;
        uint index = trailerValue & SrtpStreamState.MaxRtcpIndex;

        uint ssrc = RtpHeader.RtcpSsrc(packet);
        _rtcpStreams.TryGetValue(ssrc, out SrtpStreamState? stream);
        if (stream is null && _rtcpStreams.Count >= MaxStreams)
        {
            rejection = SrtpRejection.TooManyStreams;
            return false;
        }

        if (stream is not null && !stream.IsFresh(index))
        {
            rejection = SrtpRejection.Replayed;
            return false;
        }

        if (_rtcpOpener is not null)
        {
            // Unencrypted SRTCP under GCM (E = 0, whole packet as AAD) is not supported by this relay.
            if (!encrypted)
            {
                return false;
            }

            rejection = SrtpRejection.Unauthentic;
            Span<byte> nonce = stackalloc byte[GcmOpener.NonceLength];
            BuildGcmNonce(_rtcpSalt, ssrc, index, nonce);
            Span<byte> aad = stackalloc byte[RtpHeader.RtcpFixedLength + RtcpIndexLength];
            packet[..RtpHeader.RtcpFixedLength].CopyTo(aad);
            packet.Slice(length - RtcpIndexLength, RtcpIndexLength).CopyTo(aad[RtpHeader.RtcpFixedLength..]);
            if (!_rtcpOpener.TryOpen(nonce, aad, packet[RtpHeader.RtcpFixedLength..plain], packet.Slice(plain, _tagLength)))
            {
                return false;
            }
        }
        else
        {
            rejection = SrtpRejection.Unauthentic;
            int authenticatedLength = plain + RtcpIndexLength;
            if (!CryptographicOperations.FixedTimeEquals(
                ComputeMac(_rtcpAuth!, packet[..authenticatedLength], default),
                packet.Slice(authenticatedLength, _tagLength)))
            {
                return false;
            }

            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[16];
                BuildCounterIv(_rtcpSalt, ssrc, index, iv);
                _rtcpCipher!.Transform(iv, packet[RtpHeader.RtcpFixedLength..plain]);
            }
        }

        stream ??= GetOrAddStream(_rtcpStreams, ssrc)!;
        stream.Accept(index);
        plainLength = plain;
        rejection = SrtpRejection.None;
        return true;
    }
}
