using System.Net;
using Classroom.Media.Ice;
using Classroom.Media.Stun;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Media.Tests.Ice;

public sealed class IceLiteAgentTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly IceCredentials _server = IceCredentials.Create();
    private readonly IPEndPoint _browser = new(IPAddress.Parse("10.201.0.2"), 50123);
    private readonly byte[] _response = new byte[StunWriter.MaxBindingSuccessLength];

    private IceLiteAgent Agent() => new(_server, "brws", _time);

    [Fact]
    public void A_valid_nominating_check_is_answered_with_a_verifiable_response_and_selects_the_address()
    {
        var agent = Agent();
        var request = BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes);
        Assert.False(agent.IsValidated(_browser));
        Assert.Equal(IceVerdict.Respond, agent.Handle(request, _browser, _response, out var length));

        var response = _response.AsSpan(0, length);
        Assert.True(StunMessage.TryParse(response, out var m, out _));
        Assert.Equal(StunMessageType.BindingSuccess, m.Type);
        Assert.True(StunIntegrity.Verify(response, m, _server.PasswordBytes));
        Assert.True(StunFingerprint.Verify(response, m));
        Assert.True(StunMessage.TransactionId(response).SequenceEqual(StunMessage.TransactionId(request)));
        Span<byte> address = stackalloc byte[16];
        Assert.True(StunWriter.TryReadXorMappedAddress(response, m, address, out var addressLength, out var port));
        Assert.Equal(_browser, new IPEndPoint(new IPAddress(address[..addressLength]), port));
        Assert.True(agent.IsValidated(_browser));
        Assert.False(agent.IsValidated(new IPEndPoint(_browser.Address, 50124)));
    }

    [Fact]
    public void Checks_with_a_wrong_username_password_fingerprint_or_role_are_dropped_silently()
    {
        var agent = Agent();
        var bad = new[]
        {
            BindingRequests.Create($"{_server.Ufrag}:other", _server.PasswordBytes),
            BindingRequests.Create($"wrong:brws", _server.PasswordBytes),
            BindingRequests.Create($"{_server.Ufrag}:brws", "not-the-password"u8.ToArray()),
            BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes, fingerprint: false),
            BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes, controlling: false),
            [0x00, 0x01, 0x00],
        };
        foreach (var request in bad)
        {
            Assert.Equal(IceVerdict.Drop, agent.Handle(request, _browser, _response, out var length));
            Assert.Equal(0, length);
        }
        Assert.Equal(bad.Length, agent.Dropped);
        Assert.Null(agent.Selected);
    }

    [Fact]
    public void A_check_without_use_candidate_is_answered_but_selects_nothing()
    {
        var agent = Agent();
        var request = BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes, useCandidate: false);
        Assert.Equal(IceVerdict.Respond, agent.Handle(request, _browser, _response, out _));
        Assert.Null(agent.Selected);
    }

    [Fact]
    public void Consent_expires_when_valid_checks_stop_and_invalid_ones_do_not_keep_it_alive()
    {
        var agent = Agent();
        var request = BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes);
        agent.Handle(request, _browser, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(20));
        agent.Handle(BindingRequests.Create($"{_server.Ufrag}:brws", "forged"u8.ToArray()), _browser, _response, out _);
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(agent.Expired);
        agent.Handle(request, _browser, _response, out _);
        Assert.False(agent.Expired);
    }

    [Fact]
    public void Credentials_have_the_entropy_the_rfc_asks_for()
    {
        var c = IceCredentials.Create();
        Assert.True(c.Ufrag.Length * 6 >= 24);
        Assert.True(c.Password.Length * 6 >= 128);
        Assert.NotEqual(c.Password, IceCredentials.Create().Password);
    }

    [Fact]
    public void A_captured_check_replayed_from_another_address_does_not_move_the_media_path()
    {
        var agent = Agent();
        var request = BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes);
        Assert.Equal(IceVerdict.Respond, agent.Handle(request, _browser, _response, out _));
        var attacker = new IPEndPoint(IPAddress.Parse("10.201.0.66"), 40000);
        Assert.Equal(IceVerdict.Drop, agent.Handle(request, attacker, _response, out _));
        Assert.Equal(_browser, agent.Selected);
        // The browser's own retransmission of the same transaction is still answered.
        Assert.Equal(IceVerdict.Respond, agent.Handle(request, _browser, _response, out _));
    }

    [Fact]
    public void A_check_from_a_new_address_validates_it_but_only_a_promotion_selects_it()
    {
        var agent = Agent();
        Assert.Equal(IceVerdict.Respond, agent.Handle(BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes), _browser, _response, out _));
        var elsewhere = Enumerable.Range(0, IceLiteAgent.MaxPending + 1).Select(i => new IPEndPoint(IPAddress.Parse("10.201.0.3"), 41000 + i)).ToList();
        foreach (var address in elsewhere)
        {
            Assert.Equal(IceVerdict.Respond, agent.Handle(BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes), address, _response, out _));
            Assert.Equal(_browser, agent.Selected);
        }
        // Bounded: the oldest pending address was forgotten and cannot be promoted.
        Assert.False(agent.IsValidated(elsewhere[0]));
        Assert.False(agent.Promote(elsewhere[0]));
        Assert.False(agent.Promote(new IPEndPoint(IPAddress.Parse("10.201.0.9"), 1)));
        Assert.Equal(_browser, agent.Selected);

        Assert.True(agent.Promote(elsewhere[^1]));
        Assert.Equal(elsewhere[^1], agent.Selected);
        Assert.True(agent.IsValidated(_browser)); // the old address may still come back the same way
        Assert.Equal(IceLiteAgent.MaxPending, agent.Pending.Count());

        // A check without USE-CANDIDATE from a new address is answered but validates nothing.
        var unnominated = new IPEndPoint(IPAddress.Parse("10.201.0.4"), 42000);
        Assert.Equal(IceVerdict.Respond, agent.Handle(BindingRequests.Create($"{_server.Ufrag}:brws", _server.PasswordBytes, useCandidate: false), unnominated, _response, out _));
        Assert.False(agent.IsValidated(unnominated));
    }

    [Fact]
    public void Requests_written_by_the_stun_writer_are_accepted_like_a_browsers()
    {
        var agent = Agent();
        var buffer = new byte[512];
        var length = StunWriter.WriteBindingRequest(buffer, new byte[12], System.Text.Encoding.ASCII.GetBytes($"{_server.Ufrag}:brws"), _server.PasswordBytes, useCandidate: true, tieBreaker: 7);
        Assert.True(length > 0);
        Assert.Equal(IceVerdict.Respond, agent.Handle(buffer.AsSpan(0, length), _browser, _response, out _));
        Assert.Equal(_browser, agent.Selected);
    }
}
