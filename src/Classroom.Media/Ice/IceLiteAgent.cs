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
/// them, and remembers the addresses nominated checks came from. Only those may carry DTLS and media
/// (the transport asks <see cref="IsValidated"/>). The first one is selected: media goes there. A
/// later address is only validated by its check: a check proves someone knew the password once, and
/// a captured one can be replayed from anywhere, so the selected address moves only when the transport
/// sees authenticated media (or, before SRTP is keyed, DTLS) from it (<see cref="Promote"/>).
/// A peer whose checks stop is reported expired so its session can be closed.
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

    /// <summary>Validated addresses besides the selected one: a browser that moved, or a replay (bounded, oldest replaced).</summary>
    public const int MaxPending = 3;
    private readonly IPEndPoint?[] _pending = new IPEndPoint?[MaxPending];
    private int _pendingNext;

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

    /// <summary>True for the selected address and for other addresses a valid nominating check came from.</summary>
    public bool IsValidated(IPEndPoint source) => IsSelected(source) || Array.IndexOf(_pending, source) >= 0;

    public bool IsSelected(IPEndPoint source) => Selected is { } selected && selected.Equals(source);

    /// <summary>The validated addresses other than the selected one.</summary>
    public IEnumerable<IPEndPoint> Pending => _pending.Where(p => p is not null)!;

    /// <summary>
    /// Authenticated traffic arrived from a validated address other than the selected one: the browser
    /// moved there (RFC 8445 §7.3 leaves the path to the controlling side; RFC 7675 ties consent to the
    /// pair in use). Returns true when <paramref name="source"/> is now the selected address.
    /// </summary>
    public bool Promote(IPEndPoint source)
    {
        if (IsSelected(source)) return true;
        var index = Array.IndexOf(_pending, source);
        if (index < 0) return false;
        _pending[index] = Selected;
        Selected = source;
        _lastValidCheck = time.GetUtcNow();
        return true;
    }

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
        if (Selected is null)
        {
            // Nothing to take over yet: the first nomination selects (and only a check can do that).
            _lastValidCheck = time.GetUtcNow();
            if (message.UseCandidate) Selected = source;
        }
        else if (Selected.Equals(source))
        {
            _lastValidCheck = time.GetUtcNow(); // consent is for the pair media uses (RFC 7675 §5.1)
        }
        else if (message.UseCandidate && Array.IndexOf(_pending, source) < 0)
        {
            _pending[_pendingNext] = source;
            _pendingNext = (_pendingNext + 1) % MaxPending;
        }
        return IceVerdict.Respond;
    }
}
