using System.Net;
using System.Net.Sockets;

namespace Classroom.Core.Accounts;

/// <summary>The throttle's answer before a password is checked.</summary>
/// <param name="RetryAfter">Zero when the attempt may go ahead; otherwise how long this address must wait.</param>
/// <param name="SlowDown">Extra time to take before answering (the account is under attack from many addresses).</param>
public readonly record struct LoginVerdict(TimeSpan RetryAfter, TimeSpan SlowDown)
{
    public bool Allowed => RetryAfter <= TimeSpan.Zero;
}

/// <summary>
/// Wrong passwords slow down the next guesses without letting a stranger lock anyone out.
/// <list type="bullet">
/// <item>Per account and address: a few free failures, then a wait that doubles with each further
/// failure (capped). Only that address waits; the owner at another address logs in as usual.</item>
/// <item>Per account, from all addresses: past a threshold in a window, every answer for the account
/// takes a little longer. Never a refusal, so no stranger can keep the owner out.</item>
/// </list>
/// Unknown user names are tracked exactly like real ones, so the answers do not tell which exist.
/// State is in memory (a restart forgets it) and bounded: the oldest records go first.
/// Thread-safe; logins are rare enough for one lock.
/// </summary>
public sealed class LoginThrottle(LoginThrottleOptions options, TimeProvider time)
{
    /// <summary>Longest account key kept: user names are at most 64 characters, longer ones never exist.</summary>
    public const int MaxAccountKeyLength = 64;

    private sealed class PairRecord
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset NotBefore;
    }

    private sealed class AccountRecord
    {
        public int Failures;
        public DateTimeOffset WindowStart;
        public DateTimeOffset LastFailure;
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Account, string Address), PairRecord> _pairs = [];
    private readonly Dictionary<string, AccountRecord> _accounts = new(StringComparer.Ordinal);

    /// <summary>The key a typed user name is tracked under: trimmed, case-insensitive, bounded.</summary>
    public static string AccountKey(string? userName)
    {
        var key = (userName ?? string.Empty).Trim().ToUpperInvariant();
        return key.Length > MaxAccountKeyLength ? key[..MaxAccountKeyLength] : key;
    }

    /// <summary>
    /// The key a client address is tracked under. An IPv6 client usually holds a whole /64, so one
    /// /64 counts as one address (otherwise a guesser could rotate through billions of addresses).
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// Judges an attempt before its password is checked. An allowed attempt counts as a failure at
    /// once (so parallel guesses cannot all slip through before the first is counted) until
    /// <see cref="Succeeded"/> says the password was right.
    /// </summary>
    public LoginVerdict Attempt(string account, string address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var key = (account, address);
            if (_pairs.TryGetValue(key, out var pair) && Expired(pair, now)) _pairs.Remove(key);
            else if (pair is not null && pair.NotBefore > now) return new LoginVerdict(pair.NotBefore - now, TimeSpan.Zero);

            var slowDown = UnderAttack(account, now) ? options.AccountSlowDown : TimeSpan.Zero;
            if (!_pairs.TryGetValue(key, out pair))
            {
                MakeRoom(_pairs, now, p => p.LastFailure, Expired);
                pair = _pairs[key] = new PairRecord();
            }
            pair.Failures++;
            pair.LastFailure = now;
            var beyond = pair.Failures - options.FreeFailures;
            pair.NotBefore = beyond < 0 ? now : now + Delay(beyond);

            if (!_accounts.TryGetValue(account, out var record))
            {
                MakeRoom(_accounts, now, a => a.LastFailure, (a, t) => t - a.WindowStart >= options.AccountWindow);
                record = _accounts[account] = new AccountRecord { WindowStart = now };
            }
            if (now - record.WindowStart >= options.AccountWindow)
            {
                record.WindowStart = now;
                record.Failures = 0;
            }
            record.Failures++;
            record.LastFailure = now;
            return new LoginVerdict(TimeSpan.Zero, slowDown);
        }
    }

    /// <summary>The password was right: this address's failures are forgotten, and the attempt leaves the account's count.</summary>
    public void Succeeded(string account, string address)
    {
        lock (_lock)
        {
            _pairs.Remove((account, address));
            if (_accounts.TryGetValue(account, out var record) && record.Failures > 0) record.Failures--;
        }
    }

    /// <summary>The admin lifts every wait and slow-down for an account.</summary>
    public void Unlock(string account)
    {
        lock (_lock)
        {
            foreach (var key in _pairs.Keys.Where(k => k.Account == account).ToList()) _pairs.Remove(key);
            _accounts.Remove(account);
        }
    }

    /// <summary>True while some address must wait for this account, or the account is slowed down.</summary>
    public bool IsThrottled(string account)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return UnderAttack(account, now)
                || _pairs.Any(p => p.Key.Account == account && !Expired(p.Value, now) && p.Value.NotBefore > now);
        }
    }

    /// <summary>The wait after <paramref name="beyond"/> failures past the free ones: doubling, capped.</summary>
    private TimeSpan Delay(int beyond)
    {
        // 2^30 first delays exceed any cap; stop doubling before the arithmetic overflows.
        var factor = Math.Pow(2, Math.Min(beyond, 30));
        var ticks = Math.Min(options.FirstDelay.Ticks * factor, options.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private bool UnderAttack(string account, DateTimeOffset now) =>
        _accounts.TryGetValue(account, out var record)
        && now - record.WindowStart < options.AccountWindow
        && record.Failures >= options.AccountFailuresBeforeSlowDown;

    private bool Expired(PairRecord pair, DateTimeOffset now) =>
        now - pair.LastFailure >= options.ForgetAfter && now >= pair.NotBefore;

    /// <summary>
    /// Keeps a table under <see cref="LoginThrottleOptions.MaxTracked"/>: drops what has expired, and
    /// if that is not enough, the least recently failed quarter (so the sweep runs rarely).
    /// </summary>
    private void MakeRoom<TKey, TValue>(Dictionary<TKey, TValue> table, DateTimeOffset now, Func<TValue, DateTimeOffset> lastFailure, Func<TValue, DateTimeOffset, bool> expired)
        where TKey : notnull
    {
        if (table.Count < options.MaxTracked) return;
        foreach (var key in table.Where(e => expired(e.Value, now)).Select(e => e.Key).ToList()) table.Remove(key);
        if (table.Count < options.MaxTracked) return;
        var drop = Math.Max(1, options.MaxTracked / 4);
        foreach (var key in table.OrderBy(e => lastFailure(e.Value)).Take(drop).Select(e => e.Key).ToList()) table.Remove(key);
    }
}
