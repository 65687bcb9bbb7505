namespace Classroom.Media.Sfu;

/// <summary>A transport the relay sends to: a browser's peer connection, or a stand-in in tests and the bench.</summary>
public interface IRtpSink
{
    /// <summary>Encrypts and sends one plaintext RTP packet. Called from the media receive loop only.</summary>
    bool SendRtp(ReadOnlySpan<byte> packet);

    /// <summary>
    /// As <see cref="SendRtp(ReadOnlySpan{byte})"/>, telling a paced transport what the packet is worth when
    /// its subscriber's link cannot carry everything. Sinks without a pacer send it as it comes.
    /// </summary>
    bool SendRtp(ReadOnlySpan<byte> packet, Congestion.SendPriority priority) => SendRtp(packet);

    /// <summary>Encrypts and sends one plaintext compound RTCP packet. Safe from any thread.</summary>
    bool SendRtcp(ReadOnlySpan<byte> packet);
}
