// RFC 5389 §6 (message structure), §15 (attributes: USERNAME, MESSAGE-INTEGRITY, FINGERPRINT,
// XOR-MAPPED-ADDRESS) and RFC 8445 §7.3 (an ICE-lite agent answers Binding requests): fuzz target for
// StunMessage.TryParse, the integrity, fingerprint and address readers, and IceLiteAgent.Handle, which
// is what the media socket calls for every STUN datagram.
using System.Net;
using Classroom.Media.Ice;
using Classroom.Media.Stun;

namespace Classroom.Media.Fuzz.Targets;

public static class StunTarget
{
    /// <summary>The agent's fixed credentials; the seeds are checks signed with this password.</summary>
    public static readonly IceCredentials Local = new("fUzZ", "fuzzfuzzfuzzfuzzfuzzfuzz");
    public const string RemoteUfrag = "brws";
    public static readonly IPEndPoint Source = new(IPAddress.Parse("10.201.0.2"), 50000);

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (StunMessage.TryParse(input, out var message, out var error))
        {
            Fuzz.Check(error == StunParseError.None, "accepted with an error");
            CheckParsed(input, message);
        }
        else
        {
            Fuzz.Check(error != StunParseError.None, "refused without a reason");
        }

        // A fresh agent per input, as a transport has before its first check: what it answers.
        var agent = new IceLiteAgent(Local, RemoteUfrag, TimeProvider.System);
        Span<byte> response = stackalloc byte[StunWriter.MaxBindingSuccessLength];
        var verdict = agent.Handle(input, Source, response, out var length);
        if (verdict != IceVerdict.Respond)
        {
            Fuzz.Check(verdict == IceVerdict.Drop && length == 0 && agent.Selected is null, "a dropped check left a response or a selected address");
            return;
        }

        // Only an authentic request may be answered, and the answer must be one the browser accepts.
        Fuzz.Check(message.Type == StunMessageType.BindingRequest && message.Username(input).SequenceEqual("fUzZ:brws"u8)
            && StunIntegrity.Verify(input, message, Local.PasswordBytes)
            && StunFingerprint.Verify(input, message), "answered a check that is not an authentic Binding request");
        Fuzz.Check(agent.Selected is null || agent.Selected.Equals(Source), "selected an address the check did not come from");
        var answer = response[..length];
        Fuzz.Check(StunMessage.TryParse(answer, out var success, out _) && success.Type == StunMessageType.BindingSuccess, "the answer does not parse");
        Fuzz.Check(StunMessage.TransactionId(answer).SequenceEqual(StunMessage.TransactionId(input)), "the answer has another transaction id");
        Fuzz.Check(StunIntegrity.Verify(answer, success, Local.PasswordBytes) && StunFingerprint.Verify(answer, success), "the answer's integrity or fingerprint is wrong");
        Span<byte> address = stackalloc byte[16];
        Fuzz.Check(StunWriter.TryReadXorMappedAddress(answer, success, address, out var addressLength, out var port)
            && port == Source.Port && new IPAddress(address[..addressLength]).Equals(Source.Address), "the answer maps another address");
    }

    private static void CheckParsed(ReadOnlySpan<byte> packet, in StunMessage message)
    {
        Fuzz.Check(Fuzz.Within(packet, StunMessage.TransactionId(packet)) && Fuzz.Within(packet, message.Username(packet)), "a field outside the message");
        if (message.HasIntegrity)
            Fuzz.Check(message.IntegrityOffset >= StunHeader.Length && message.IntegrityOffset + 4 + StunHeader.IntegrityLength <= packet.Length, "MESSAGE-INTEGRITY outside the message");
        // §15.5: FINGERPRINT is the last attribute.
        if (message.HasFingerprint)
            Fuzz.Check(message.FingerprintOffset + 4 + StunHeader.FingerprintLength == packet.Length, "something follows FINGERPRINT");
        if (message.XorMappedAddressOffset >= 0)
            Fuzz.Check(message.XorMappedAddressOffset + message.XorMappedAddressLength <= packet.Length, "XOR-MAPPED-ADDRESS outside the message");
        _ = StunIntegrity.Verify(packet, message, Local.PasswordBytes);
        _ = StunFingerprint.Verify(packet, message);
        Span<byte> address = stackalloc byte[16];
        if (StunWriter.TryReadXorMappedAddress(packet, message, address, out var length, out var port))
            Fuzz.Check(length is 4 or 16 && port is >= 0 and <= 65535, "an address of impossible length");
    }
}
