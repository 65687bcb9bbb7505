using System.Net;
using Classroom.Core.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Core.Tests.Accounts;

public sealed class LoginThrottleTests
{
    private const string Teacher = "PETROV";
    private const string Stranger = "10.0.0.66";
    private const string Owner = "10.0.0.7";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottleOptions _options = new();
    private readonly LoginThrottle _throttle;

    public LoginThrottleTests() => _throttle = new LoginThrottle(_options, _time);

    /// <summary>Failed attempts from one address until it has to wait; returns that wait.</summary>
    private TimeSpan FailUntilRefused(string account, string address, LoginThrottle? throttle = null)
    {
        for (var i = 0; i < 100; i++)
        {
            var verdict = (throttle ?? _throttle).Attempt(account, address);
            if (!verdict.Allowed) return verdict.RetryAfter;
        }
        throw new Xunit.Sdk.XunitException("Never refused.");
    }

    [Fact]
    public void A_strangers_wrong_passwords_make_only_the_strangers_address_wait_and_the_wait_doubles()
    {
        for (var i = 0; i < _options.FreeFailures; i++) Assert.True(_throttle.Attempt(Teacher, Stranger).Allowed);
        var first = _throttle.Attempt(Teacher, Stranger);
        Assert.False(first.Allowed);
        Assert.Equal(_options.FirstDelay, first.RetryAfter);

        // The owner at another address is never refused, and gets in.
        Assert.True(_throttle.Attempt(Teacher, Owner).Allowed);
        _throttle.Succeeded(Teacher, Owner);

        _time.Advance(first.RetryAfter);
        Assert.True(_throttle.Attempt(Teacher, Stranger).Allowed);
        Assert.Equal(_options.FirstDelay * 2, _throttle.Attempt(Teacher, Stranger).RetryAfter);
        _time.Advance(_options.FirstDelay * 2);
        Assert.True(_throttle.Attempt(Teacher, Stranger).Allowed);
        Assert.Equal(_options.FirstDelay * 4, _throttle.Attempt(Teacher, Stranger).RetryAfter);

        // Refused attempts do not lengthen the wait; the cap holds however long it goes on.
        for (var i = 0; i < 40; i++)
        {
            var wait = FailUntilRefused(Teacher, Stranger);
            Assert.True(wait <= _options.MaxDelay);
            _time.Advance(wait);
        }
        Assert.Equal(_options.MaxDelay, FailUntilRefused(Teacher, Stranger));
        Assert.True(_throttle.Attempt(Teacher, Owner).Allowed);
        Assert.True(_throttle.IsThrottled(Teacher));
    }

    [Fact]
    public void The_owners_right_password_clears_their_own_failures()
    {
        for (var i = 0; i < _options.FreeFailures - 1; i++) Assert.True(_throttle.Attempt(Teacher, Owner).Allowed);
        Assert.True(_throttle.Attempt(Teacher, Owner).Allowed);
        _throttle.Succeeded(Teacher, Owner);
        for (var i = 0; i < _options.FreeFailures; i++) Assert.True(_throttle.Attempt(Teacher, Owner).Allowed);
        Assert.False(_throttle.Attempt(Teacher, Owner).Allowed);
    }

    [Fact]
    public void Many_addresses_slow_the_account_down_but_never_refuse_the_owner()
    {
        for (var i = 0; i < _options.AccountFailuresBeforeSlowDown; i++)
            Assert.Equal(TimeSpan.Zero, _throttle.Attempt(Teacher, $"10.1.0.{i}").SlowDown);
        var owner = _throttle.Attempt(Teacher, Owner);
        Assert.True(owner.Allowed);
        Assert.Equal(_options.AccountSlowDown, owner.SlowDown);
        Assert.True(_throttle.IsThrottled(Teacher));
        // Other accounts are not slowed.
        Assert.Equal(TimeSpan.Zero, _throttle.Attempt("IVANOVA", Owner).SlowDown);

        _time.Advance(_options.AccountWindow);
        Assert.Equal(TimeSpan.Zero, _throttle.Attempt(Teacher, Owner).SlowDown);
    }

    [Fact]
    public void The_admins_unlock_lifts_every_wait_and_slow_down_of_the_account()
    {
        FailUntilRefused(Teacher, Stranger);
        for (var i = 0; i < _options.AccountFailuresBeforeSlowDown; i++) _throttle.Attempt(Teacher, $"10.1.0.{i}");
        FailUntilRefused("IVANOVA", Stranger);
        Assert.True(_throttle.IsThrottled(Teacher));

        _throttle.Unlock(Teacher);

        Assert.False(_throttle.IsThrottled(Teacher));
        var verdict = _throttle.Attempt(Teacher, Stranger);
        Assert.True(verdict.Allowed);
        Assert.Equal(TimeSpan.Zero, verdict.SlowDown);
        // Another account's waits stay.
        Assert.False(_throttle.Attempt("IVANOVA", Stranger).Allowed);
    }

    [Fact]
    public void Failures_are_forgotten_after_a_quiet_hour()
    {
        var wait = FailUntilRefused(Teacher, Stranger);
        Assert.True(_throttle.IsThrottled(Teacher));
        _time.Advance(_options.ForgetAfter);
        Assert.False(_throttle.IsThrottled(Teacher));
        for (var i = 0; i < _options.FreeFailures; i++) Assert.True(_throttle.Attempt(Teacher, Stranger).Allowed);
        Assert.Equal(wait, _throttle.Attempt(Teacher, Stranger).RetryAfter);
    }

    /// <summary>
    /// Failures for <paramref name="count"/> new names from one address, a millisecond apart (so which
    /// record is oldest is plain); every one is a new pair and a new account.
    /// </summary>
    private void FailWithNewNames(LoginThrottle throttle, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(throttle.Attempt($"NAME{i}", Owner).Allowed);
        }
    }

    [Fact]
    public void Rotating_names_cannot_grow_the_remembered_waits_past_their_bound_the_oldest_goes_first()
    {
        var options = new LoginThrottleOptions { MaxTracked = 100 };
        var throttle = new LoginThrottle(options, _time);
        FailUntilRefused(Teacher, Stranger, throttle);
        Assert.True(throttle.IsThrottled(Teacher));

        // The stranger's wait is one record of 100: kept while the table has room.
        FailWithNewNames(throttle, 0, options.MaxTracked - 1);
        Assert.True(throttle.IsThrottled(Teacher));
        Assert.False(throttle.Attempt(Teacher, Stranger).Allowed);

        // One record more than the bound: the oldest (the stranger's wait) is forgotten.
        FailWithNewNames(throttle, options.MaxTracked, 1);
        Assert.False(throttle.IsThrottled(Teacher));
        Assert.True(throttle.Attempt(Teacher, Stranger).Allowed);

        // However long it goes on, a wait earned just now is still there.
        FailWithNewNames(throttle, 1000, 20_000);
        FailUntilRefused("IVANOVA", Stranger, throttle);
        FailWithNewNames(throttle, 30_000, options.MaxTracked / 2);
        Assert.True(throttle.IsThrottled("IVANOVA"));
    }

    [Fact]
    public void Rotating_names_cannot_grow_the_remembered_accounts_past_their_bound_the_oldest_goes_first()
    {
        // One failure slows an account down; the address is far from waiting, so only the account's record throttles it.
        var options = new LoginThrottleOptions { MaxTracked = 100, AccountFailuresBeforeSlowDown = 1 };
        var throttle = new LoginThrottle(options, _time);
        Assert.True(throttle.Attempt(Teacher, Owner).Allowed);
        Assert.True(throttle.IsThrottled(Teacher));

        FailWithNewNames(throttle, 0, options.MaxTracked - 1);
        Assert.True(throttle.IsThrottled(Teacher));

        FailWithNewNames(throttle, options.MaxTracked, 1);
        Assert.False(throttle.IsThrottled(Teacher));
        Assert.Equal(TimeSpan.Zero, throttle.Attempt(Teacher, Stranger).SlowDown);
    }

    [Fact]
    public void Keys_ignore_case_and_spaces_bound_the_length_and_count_an_ipv6_64_as_one_address()
    {
        Assert.Equal("PETROV", LoginThrottle.AccountKey("  petrov "));
        Assert.Equal(LoginThrottle.MaxAccountKeyLength, LoginThrottle.AccountKey(new string('a', 100_000)).Length);
        Assert.Equal("", LoginThrottle.AccountKey(null));

        Assert.Equal("192.168.1.20", LoginThrottle.AddressKey(IPAddress.Parse("192.168.1.20")));
        Assert.Equal("192.168.1.20", LoginThrottle.AddressKey(IPAddress.Parse("::ffff:192.168.1.20")));
        Assert.Equal(
            LoginThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2:aaaa::1")),
            LoginThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        Assert.NotEqual(
            LoginThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2::1")),
            LoginThrottle.AddressKey(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("unknown", LoginThrottle.AddressKey(null));
    }
}
