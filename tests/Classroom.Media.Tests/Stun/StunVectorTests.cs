using System.Net;
using System.Text;
using Classroom.Media.Stun;
using Classroom.Media.Transport;

namespace Classroom.Media.Tests.Stun;

/// <summary>RFC 5769 test vectors (§2.1 request, §2.2 IPv4 response, §2.3 IPv6 response).</summary>
public sealed class StunVectorTests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    // §2.1 Sample request: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME "evtj:h6vY", MESSAGE-INTEGRITY, FINGERPRINT.
    internal static readonly byte[] Request = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "802200105354554e207465737420636c69656e74" +
        "002400046e0001ff" +
        "80290008932ff9b151263b36" +
        "000600096576746a3a68367659202020" +
        "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004e57a3bcf");

    // §2.2 Sample IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853.
    internal static readonly byte[] ResponseV4 = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae" +
        "8022000b7465737420766563746f7220" +
        "002000080001a147e112a643" +
        "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004c07d4c96");

    // §2.3 Sample IPv6 response: XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
    internal static readonly byte[] ResponseV6 = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae" +
        "8022000b7465737420766563746f7220" +
        "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9" +
        "00080014a382954e4be67bf11784c97c8292c275bfe3ed41" +
        "80280004c8fb0b4c");

    [Fact]
    public void The_sample_request_parses_and_its_integrity_and_fingerprint_check()
    {
        Assert.Equal(108, Request.Length);
        Assert.Equal(PacketKind.Stun, PacketClass.Of(Request));
        Assert.True(StunMessage.TryParse(Request, out var m, out var error), error.ToString());
        Assert.Equal(StunMessageType.BindingRequest, m.Type);
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(m.Username(Request)));
        Assert.True(m.HasPriority);
        Assert.Equal(0x6e0001ffu, m.Priority);
        Assert.True(m.IceControlled);
        Assert.False(m.UseCandidate);
        Assert.True(StunIntegrity.Verify(Request, m, Password));
        Assert.False(StunIntegrity.Verify(Request, m, Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBr")));
        Assert.True(StunFingerprint.Verify(Request, m));
    }

    [Theory]
    [InlineData(false, "192.0.2.1")]
    [InlineData(true, "2001:db8:1234:5678:11:2233:4455:6677")]
    public void The_sample_responses_check_and_carry_the_mapped_address(bool v6, string expected)
    {
        var packet = v6 ? ResponseV6 : ResponseV4;
        Assert.True(StunMessage.TryParse(packet, out var m, out _));
        Assert.Equal(StunMessageType.BindingSuccess, m.Type);
        Assert.True(StunIntegrity.Verify(packet, m, Password));
        Assert.True(StunFingerprint.Verify(packet, m));
        Span<byte> address = stackalloc byte[16];
        Assert.True(StunWriter.TryReadXorMappedAddress(packet, m, address, out var length, out var port));
        Assert.Equal(IPAddress.Parse(expected), new IPAddress(address[..length]));
        Assert.Equal(32853, port);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677")]
    public void Our_binding_success_response_verifies_and_round_trips(string ip)
    {
        var address = IPAddress.Parse(ip).GetAddressBytes();
        var buffer = new byte[StunWriter.MaxBindingSuccessLength];
        var length = StunWriter.WriteBindingSuccess(buffer, StunMessage.TransactionId(Request), address, 32853, Password);
        Assert.True(length > 0);
        var packet = buffer.AsSpan(0, length);
        Assert.True(StunMessage.TryParse(packet, out var m, out var error), error.ToString());
        Assert.Equal(StunMessageType.BindingSuccess, m.Type);
        Assert.True(StunIntegrity.Verify(packet, m, Password));
        Assert.True(StunFingerprint.Verify(packet, m));
        Assert.True(StunMessage.TransactionId(packet).SequenceEqual(StunMessage.TransactionId(Request)));
        Span<byte> read = stackalloc byte[16];
        Assert.True(StunWriter.TryReadXorMappedAddress(packet, m, read, out var readLength, out var port));
        Assert.True(read[..readLength].SequenceEqual(address));
        Assert.Equal(32853, port);
    }
}
