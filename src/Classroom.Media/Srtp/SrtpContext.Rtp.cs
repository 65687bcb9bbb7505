// RFC 3711 §3.1 (SRTP packet format), §3.3 (SRTP packet processing), §3.3.1 (index/ROC), §3.3.2 (replay),
// §4.1.1 (AES-CM), §4.2.1 (HMAC-SHA1 over authenticated portion || ROC). RFC 7714 §8 (AES-GCM for SRTP:
// AAD = RTP header, IV from SSRC/ROC/SEQ, 16-byte tag appended to the ciphertext).
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Classroom.Media.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Encrypts and authenticates the RTP packet in <c>buffer[..length]</c> in place, appending the tag.
    /// <paramref name="buffer"/> must have room for <see cref="RtpOverhead"/> bytes after the packet.
    /// Returns false (and leaves the packet untouched) for malformed input or insufficient room.
    /// </summary>
    public bool TryProtect(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if (_disposed || length < 0 || length > buffer.Length - _tagLength)
        {
            return false;
        }

        Span<byte> packet = buffer[..length];
        if (!RtpHeader.TryGetLength(packet, out int headerLength))
        {
            return false;
        }

        uint ssrc = RtpHeader.Ssrc(packet);
        SrtpStreamState? stream = GetOrAddStream(_rtpStreams, ssrc);
        if (stream is null || !stream.TryEstimateRtpIndex(RtpHeader.SequenceNumber(packet), out ulong index))
        {
            return false;
        }

        Span<byte> tag = buffer.Slice(length, _tagLength);
        if (_rtpGcm is not null)
        {
            Span<byte> nonce = stackalloc byte[12];
            BuildGcmNonce(_rtpSalt, ssrc, index, nonce);
            Span<byte> payload = packet[headerLength..];
            _rtpGcm.Encrypt(nonce, payload, payload, tag, packet[..headerLength]);
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            BuildCounterIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Transform(iv, packet[headerLength..]);
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
            ComputeMac(_rtpAuth!, packet, roc).CopyTo(tag);
        }

        stream.Accept(index);
        protectedLength = length + _tagLength;
        return true;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet in <c>buffer[..length]</c> in place. The tag is verified
    /// before anything is decrypted; replays (RFC 3711 §3.3.2) and packets older than the 64-packet
    /// window are rejected. Returns false for truncated, malformed, unauthentic or replayed input.
    /// </summary>
    public bool TryUnprotect(Span<byte> buffer, int length, out int plainLength) =>
        TryUnprotect(buffer, length, out plainLength, out _);

    /// <summary>As <see cref="TryUnprotect(Span{byte}, int, out int)"/>, saying why a packet was refused.</summary>
    public bool TryUnprotect(Span<byte> buffer, int length, out int plainLength, out SrtpRejection rejection)
    {
        plainLength = 0;
        if (_disposed)
        {
            rejection = SrtpRejection.Closed;
            return false;
        }

        rejection = SrtpRejection.Malformed;
        if (length < RtpHeader.FixedLength + _tagLength || length > buffer.Length)
        {
            return false;
        }

        int authenticatedLength = length - _tagLength;
        Span<byte> packet = buffer[..authenticatedLength];
        ReadOnlySpan<byte> tag = buffer.Slice(authenticatedLength, _tagLength);
        if (!RtpHeader.TryGetLength(packet, out int headerLength))
        {
            return false;
        }

        uint ssrc = RtpHeader.Ssrc(packet);
        _rtpStreams.TryGetValue(ssrc, out SrtpStreamState? stream);
        if (stream is null && _rtpStreams.Count >= MaxStreams)
        {
            rejection = SrtpRejection.TooManyStreams;
            return false;
        }

        ushort sequenceNumber = RtpHeader.SequenceNumber(packet);
        ulong index = sequenceNumber;
        if (stream is not null && (!stream.TryEstimateRtpIndex(sequenceNumber, out index) || !stream.IsFresh(index)))
        {
            rejection = SrtpRejection.Replayed;
            return false;
        }

        rejection = SrtpRejection.Unauthentic;
        if (_rtpOpener is not null)
        {
            Span<byte> nonce = stackalloc byte[GcmOpener.NonceLength];
            BuildGcmNonce(_rtpSalt, ssrc, index, nonce);
            if (!_rtpOpener.TryOpen(nonce, packet[..headerLength], packet[headerLength..], tag))
            {
                return false;
            }
        }
        else
        {
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
            if (!CryptographicOperations.FixedTimeEquals(ComputeMac(_rtpAuth!, packet, roc), tag))
            {
                return false;
            }

            Span<byte> iv = stackalloc byte[16];
            BuildCounterIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Transform(iv, packet[headerLength..]);
        }

        stream ??= GetOrAddStream(_rtpStreams, ssrc)!;
        stream.Accept(index);
        plainLength = authenticatedLength;
        rejection = SrtpRejection.None;
        return true;
    }
}
