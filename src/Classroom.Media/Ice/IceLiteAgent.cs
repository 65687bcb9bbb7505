using System.Net;
using System.Text;
using Classroom.Media.Stun;

namespace Classroom.Media.Ice;

// RFC 8445 §2.5 and §7.3 (ICE-lite: we never send checks, we answer them), RFC 7675 (consent
// freshness). One agent per peer connection.

/// <summary>What to do with a STUN datagram that reached this peer's agent.</summary>
public enum IceVerdict
{
    /// <summary>Silently dropped: malformed, wrong username, bad integrity or fingerprint (never tears anything down).</summary>
    Drop = 0,
    /// <summary>A valid check: send the prepared binding success response back to its source.</summary>
    Respond = 1,
}

/// <summary>
/// The ICE-lite side of one peer: checks incoming Binding requests against our credentials, answers
/// them, and remembers the address a nominated check came from. Only that address may then carry
/// DTLS and media (the transport asks <see cref="IsValidated"/>). A peer whose checks stop is
/// reported expired so its session can be closed.
/// </summary>
public sealed class IceLiteAgent(IceCredentials local, string remoteUfrag, TimeProvider time)
{
    /// <summary>Chromium sends consent checks about every 5 s; 30 s of silence means the peer is gone (RFC 7675 §5.1).</summary>
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    private byte[] _expectedUsername = Encoding.ASCII.GetBytes($"{local.Ufrag}:{remoteUfrag}");
    private DateTimeOffset _lastValidCheck = time.GetUtcNow();
    // Recent transactions and where they came from: a captured check replayed from another address
    // carries valid integrity, and must not move the peer's media to the attacker.
    private readonly (UInt128 Id, IPEndPoint Source)[] _recent = new (UInt128, IPEndPoint)[16];
    private int _recentNext;
    private long _dropped;

    public IceCredentials Local { get; } = local;

    /// <summary>The remote address a nominated (USE-CANDIDATE) check came from; null until then.</summary>
    public IPEndPoint? Selected { get; private set; }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>True when no valid check arrived for <see cref="ConsentTimeout"/>.</summary>
    public bool Expired => time.GetUtcNow() - _lastValidCheck > ConsentTimeout;

    /// <summary>
    /// Sets the browser's ufrag once its SDP arrived (the relay offers first to receivers, so their
    /// agent exists before their answer). Checks that came earlier were dropped and are retransmitted.
    /// </summary>
    public void SetRemoteUfrag(string remoteUfrag) => _expectedUsername = Encoding.ASCII.GetBytes($"{Local.Ufrag}:{remoteUfrag}");

    public bool IsValidated(IPEndPoint source) => Selected is { } selected && selected.Equals(source);

    /// <summary>
    /// Handles one STUN datagram from <paramref name="source"/>. On <see cref="IceVerdict.Respond"/>,
    /// <paramref name="response"/> holds <paramref name="responseLength"/> bytes to send back.
    /// </summary>
    private static UInt128 TransactionKey(ReadOnlySpan<byte> datagram)
    {
        Span<byte> key = stackalloc byte[16];
        StunMessage.TransactionId(datagram).CopyTo(key);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(key);
    }

    public IceVerdict Handle(ReadOnlySpan<byte> datagram, IPEndPoint source, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        if (!StunMessage.TryParse(datagram, out var message, out _)
            || message.Type != StunMessageType.BindingRequest
            || !message.Username(datagram).SequenceEqual(_expectedUsername)
            || !message.HasFingerprint || !StunFingerprint.Verify(datagram, message)
            || !StunIntegrity.Verify(datagram, message, Local.PasswordBytes)
            || message.IceControlled)
        {
            // An ICE-lite agent is always controlled; a controlled peer is a role conflict we do not resolve.
            Interlocked.Increment(ref _dropped);
            return IceVerdict.Drop;
        }
        var transaction = TransactionKey(datagram);
        foreach (var (id, from) in _recent)
        {
            if (id == transaction && from is not null && !from.Equals(source))
            {
                Interlocked.Increment(ref _dropped);
                return IceVerdict.Drop;
            }
        }
        _recent[_recentNext] = (transaction, source);
        _recentNext = (_recentNext + 1) % _recent.Length;
        Span<byte> address = stackalloc byte[16];
        if (!source.Address.TryWriteBytes(address, out var addressLength))
        {
            Interlocked.Increment(ref _dropped);
            return IceVerdict.Drop;
        }
        responseLength = StunWriter.WriteBindingSuccess(response, StunMessage.TransactionId(datagram), address[..addressLength], source.Port, Local.PasswordBytes);
        if (responseLength == 0) return IceVerdict.Drop;
        _lastValidCheck = time.GetUtcNow();
        if (message.UseCandidate) Selected = source;
        return IceVerdict.Respond;
    }
}
