namespace Classroom.Media.Transport;

/// <summary>
/// What a peer's decrypted packets are for: the relay's publishing or receiving side of a session,
/// reached from the peer without a lookup. Called on the receive loop: must not throw or allocate.
/// </summary>
internal interface IPeerOwner
{
    void OnRtp(Span<byte> packet);

    void OnRtcp(Span<byte> packet);
}
