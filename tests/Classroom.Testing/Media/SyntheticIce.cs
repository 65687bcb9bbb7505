using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Classroom.Media.Ice;
using Classroom.Media.Stun;

namespace Classroom.Testing.Media;

// RFC 8445 from a browser's seat, reduced to one candidate pair. Against an ICE-lite relay, or a
// full agent that answered our offer, we are controlling and nominate with USE-CANDIDATE on every
// check (aggressive nomination, §8.1.1 of RFC 5245). Against a full agent that offered (Janus as
// subscriber side) we are controlled: we answer its checks (§7.3: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY
// keyed by OUR password, FINGERPRINT), send our own checks so it learns us even without our
// candidate, and the pair is ours once it nominates.

/// <summary>The ICE state of one <see cref="SyntheticPeer"/> connection.</summary>
internal sealed class SyntheticIce
{
    /// <summary>RFC 8445 §5.1.2.1 for a peer-reflexive candidate: type preference 110, local 65535, component 1.</summary>
    private const uint PeerReflexivePriority = (110u << 24) | (65535u << 8) | 255u;

    private readonly IceCredentials _local;
    private readonly byte[] _inboundUsername;
    private readonly byte[] _outboundUsername;
    private readonly byte[] _remotePassword;
    private readonly ulong _tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IPEndPoint _remote;
    private long _answered;
    private long _succeeded;

    public SyntheticIce(IceCredentials local, RemoteTransport remote)
    {
        _local = local;
        Controlling = remote.WeControlIce;
        _remote = remote.Candidate;
        _inboundUsername = Encoding.ASCII.GetBytes($"{local.Ufrag}:{remote.IceUfrag}");
        _outboundUsername = Encoding.ASCII.GetBytes($"{remote.IceUfrag}:{local.Ufrag}");
        _remotePassword = Encoding.ASCII.GetBytes(remote.IcePwd);
    }

    public bool Controlling { get; }

    /// <summary>Where DTLS and media go: the remote candidate, or the address a controlling peer nominated from.</summary>
    public IPEndPoint Remote => Volatile.Read(ref _remote);

    /// <summary>Completes when the pair is nominated: our USE-CANDIDATE check answered, or the controlling peer's nomination received.</summary>
    public Task Connected => _connected.Task;

    public long ChecksAnswered => Interlocked.Read(ref _answered);
    public long ChecksSucceeded => Interlocked.Read(ref _succeeded);

    /// <summary>
    /// Handles one STUN datagram. Returns the length of a response to send back to
    /// <paramref name="source"/> (a valid Binding request), or 0.
    /// </summary>
    public int Handle(ReadOnlySpan<byte> datagram, IPEndPoint source, Span<byte> response)
    {
        if (!StunMessage.TryParse(datagram, out var message, out _)) return 0;
        if (message.Type == StunMessageType.BindingSuccess)
        {
            if (!StunIntegrity.Verify(datagram, message, _remotePassword)) return 0;
            Interlocked.Increment(ref _succeeded);
            // Every check a controlling peer sends carries USE-CANDIDATE: its success is the nomination.
            if (Controlling) _connected.TrySetResult();
            return 0;
        }
        if (message.Type != StunMessageType.BindingRequest
            || !message.Username(datagram).SequenceEqual(_inboundUsername)
            || !message.HasFingerprint || !StunFingerprint.Verify(datagram, message)
            || !StunIntegrity.Verify(datagram, message, _local.PasswordBytes))
        {
            return 0;
        }
        Span<byte> address = stackalloc byte[16];
        if (!source.Address.TryWriteBytes(address, out var addressLength)) return 0;
        var length = StunWriter.WriteBindingSuccess(response, StunMessage.TransactionId(datagram), address[..addressLength], source.Port, _local.PasswordBytes);
        if (length == 0) return 0;
        Interlocked.Increment(ref _answered);
        if (!Controlling && message.UseCandidate)
        {
            Volatile.Write(ref _remote, source);
            _connected.TrySetResult();
        }
        return length;
    }

    /// <summary>Writes our next connectivity (or consent) check for <see cref="Remote"/>; returns its length.</summary>
    public int WriteCheck(Span<byte> destination) =>
        WriteBindingRequest(destination, RandomNumberGenerator.GetBytes(StunHeader.TransactionIdLength), _outboundUsername, _remotePassword,
            Controlling, useCandidate: Controlling, _tieBreaker);

    /// <summary>
    /// RFC 8445 §7.1.2 request: USERNAME, PRIORITY, ICE-CONTROLLING or ICE-CONTROLLED (tie-breaker),
    /// optionally USE-CANDIDATE, then MESSAGE-INTEGRITY (remote password) and FINGERPRINT. 0 if it does not fit.
    /// </summary>
    internal static int WriteBindingRequest(Span<byte> destination, ReadOnlySpan<byte> transactionId, ReadOnlySpan<byte> username,
        ReadOnlySpan<byte> key, bool controlling, bool useCandidate, ulong tieBreaker)
    {
        var usernamePadded = (username.Length + 3) & ~3;
        var total = StunHeader.Length + 4 + usernamePadded + 8 + 12 + (useCandidate ? 4 : 0) + 4 + StunHeader.IntegrityLength + 4 + StunHeader.FingerprintLength;
        if (transactionId.Length != StunHeader.TransactionIdLength || username.Length > 512 || destination.Length < total) return 0;
        destination[..total].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, StunMessageType.BindingRequest);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunHeader.MagicCookie);
        transactionId.CopyTo(destination[StunHeader.TransactionIdOffset..]);
        var offset = Attribute(destination, StunHeader.Length, StunAttributeType.Username, username.Length);
        username.CopyTo(destination[offset..]);
        offset += usernamePadded;
        offset = Attribute(destination, offset, StunAttributeType.Priority, 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], PeerReflexivePriority);
        offset = Attribute(destination, offset + 4, controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, 8);
        BinaryPrimitives.WriteUInt64BigEndian(destination[offset..], tieBreaker);
        offset += 8;
        if (useCandidate) offset = Attribute(destination, offset, StunAttributeType.UseCandidate, 0);
        var integrity = offset;
        offset = Attribute(destination, offset, StunAttributeType.MessageIntegrity, StunHeader.IntegrityLength);
        StunIntegrity.Compute(destination[..integrity], key, destination.Slice(offset, StunHeader.IntegrityLength));
        offset += StunHeader.IntegrityLength;
        // §15.5: the length covers FINGERPRINT before the CRC is taken.
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(offset + 4 + StunHeader.FingerprintLength - StunHeader.Length));
        var fingerprint = offset;
        offset = Attribute(destination, offset, StunAttributeType.Fingerprint, StunHeader.FingerprintLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], StunFingerprint.Compute(destination[..fingerprint]));
        return offset + StunHeader.FingerprintLength;
    }

    /// <summary>Writes a type-length header at <paramref name="offset"/>; returns where the value starts.</summary>
    private static int Attribute(Span<byte> destination, int offset, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)length);
        return offset + 4;
    }
}
